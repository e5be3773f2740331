// Speed of `rapport score` on 100,000 JSON lines (issue 3: "100,000 lines score in a few
// seconds"). Baseline in the same process: the same lines read with readline and put through
// JSON.parse + JSON.stringify only, written in the same batches. Also times the whole
// command in a child process (start-up included) reading the lines from a file.
// Usage: npx tsx bench/score-cli.bench.ts [lines=100000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { scoreJsonLines } from '../src/cli/commands/score.command.ts';
import { findBundledInstrument } from '../src/core/instruments/bundled-instruments.ts';

const count = Number(process.argv[2] ?? 100_000);
const definition = findBundledInstrument('phq-9')!;

// Synthetic answers from a small deterministic generator; about 1% of lines are broken.
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const lines: string[] = [];
for (let i = 0; i < count; i++) {
  if (i % 100 === 99) {
    lines.push('{"ref": broken');
    continue;
  }
  const answers: Record<string, number | null> = {};
  for (let item = 1; item <= 9; item++)
    answers[String(item)] = next() < 0.02 ? null : Math.floor(next() * 4);
  lines.push(JSON.stringify({ ref: `synthetic-${i}`, answers }));
}
const text = `${lines.join('\n')}\n`;

const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
const source = (): Readable => {
  const input = new PassThrough();
  input.end(text);
  return input;
};

async function baseline(): Promise<void> {
  const output = sink();
  let batch: string[] = [];
  for await (const line of createInterface({ input: source(), crlfDelay: Infinity })) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = { error: true };
    }
    batch.push(JSON.stringify(value));
    if (batch.length >= 1000) {
      output.write(`${batch.join('\n')}\n`);
      batch = [];
    }
  }
  output.write(`${batch.join('\n')}\n`);
}

async function rapport(): Promise<void> {
  await scoreJsonLines(definition, source(), sink());
}

async function time(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
await baseline(); // warm-up
await rapport();
const base: number[] = [];
const ours: number[] = [];
for (let round = 0; round < 5; round++) {
  base.push(await time(baseline));
  ours.push(await time(rapport));
}

const dir = mkdtempSync(join(tmpdir(), 'rapport-score-bench-'));
const file = join(dir, 'answers.jsonl');
writeFileSync(file, text);
const bin = fileURLToPath(new URL('../bin/rapport.js', import.meta.url));
const start = performance.now();
const child = spawnSync(process.execPath, [bin, 'score', 'phq-9', '--file', file], {
  maxBuffer: 1024 * 1024 * 1024,
});
const wall = performance.now() - start;
const outLines = String(child.stdout).trim().split('\n').length;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `Scoring CLI: ${count.toLocaleString('en')} PHQ-9 lines (1% malformed), median of 5 runs.\n`,
);
console.log(
  '| lines | JSON.parse + stringify (baseline) | Rapport scoring | ratio | whole command, child process |',
);
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| ${count.toLocaleString('en')} | ${s(median(base))} | ${s(median(ours))} | ${(median(ours) / median(base)).toFixed(2)} | ${s(wall)} (exit ${child.status}, ${outLines.toLocaleString('en')} lines out) |`,
);
