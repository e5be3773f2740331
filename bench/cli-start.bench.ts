// Start-up of the compiled `rapport` command (issue 15, item 7), each case a whole process,
// median of several runs, interleaved with its baseline in the same script:
// - `rapport --help` against a bare `node -e 0` (target: within 4×);
// - `rapport score phq-9 --file` over 100,000 lines against a bare script that reads the same
//   file with readline and puts each line through JSON.parse + JSON.stringify, written in
//   the same 1,000-line batches (target: within 2×).
// Both also run the same sources through tsx, compiled at start as bin/rapport.js did before
// (with today's lazy command loading, so that column understates the old --help).
// Output goes to /dev/null. Besides wall clock, each case's CPU time (user + system, all its
// threads) is read on Linux from /proc/self/stat, the children's times this process has
// waited for: on the shared machine wall clock mostly measures the other work's load.
// Usage: npx tsx bench/cli-start.bench.ts [lines=100000] [runs=7]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 7);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/rapport.js');

// The same synthetic PHQ-9 lines as bench/score-cli.bench.ts; about 1% are broken.
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
const file = join(mkdtempSync(join(tmpdir(), 'rapport-cli-start-')), 'answers.jsonl');
writeFileSync(file, `${lines.join('\n')}\n`);

const parseAndPrint = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let batch = [];
  for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    let value;
    try { value = JSON.parse(line); } catch { value = { error: true }; }
    batch.push(JSON.stringify(value));
    if (batch.length >= 1000) { process.stdout.write(batch.join('\\n') + '\\n'); batch = []; }
  }
  process.stdout.write(batch.join('\\n') + '\\n');
})();
`;
// What bin/rapport.js did before the build: compile the sources with tsx at every start.
const throughTsx = `
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('./src/cli/main.ts');
process.exitCode = await runCli(['node', 'rapport', ...process.argv.slice(1)]);
`;

type Case = { name: string; args: string[] };
const cases = {
  bare: { name: '`node -e 0`', args: ['-e', '0'] },
  help: { name: '`rapport --help`', args: [bin, '--help'] },
  helpTsx: {
    name: '`rapport --help` through tsx',
    args: ['--input-type=module', '-e', throughTsx, '--', '--help'],
  },
  parse: { name: 'parse-and-print script', args: ['-e', parseAndPrint, file] },
  score: { name: '`rapport score phq-9`', args: [bin, 'score', 'phq-9', '--file', file] },
  scoreTsx: {
    name: '`rapport score phq-9` through tsx',
    args: ['--input-type=module', '-e', throughTsx, '--', 'score', 'phq-9', '--file', file],
  },
} satisfies Record<string, Case>;

/** CPU ms of the children waited for so far (cutime + cstime at USER_HZ 100), or NaN. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]])) as Record<
  keyof typeof cases,
  number[]
>;

function time({ name, args }: Case, cpuTimes?: number[]): number {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${name} failed (${run.status}): ${run.stderr}`);
  cpuTimes?.push(childrenCpuMs() - cpuBefore);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
// Builds dist/server if the sources changed, and warms the file cache.
for (const c of Object.values(cases)) time(c);
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]])) as Record<
  keyof typeof cases,
  number[]
>;
for (let round = 0; round < runs; round++)
  for (const [key, c] of Object.entries(cases))
    times[key as keyof typeof cases].push(time(c, cpu[key as keyof typeof cases]));

const ms = (key: keyof typeof cases) => `${Math.round(median(times[key]))} ms`;
const ratio = (key: keyof typeof cases, base: keyof typeof cases) =>
  (median(times[key]) / median(times[base])).toFixed(2);
console.log(`CLI start-up: whole processes, median of ${runs} runs, output to /dev/null.\n`);
console.log('| command | baseline | compiled | ratio | same sources through tsx | ratio |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${cases.help.name} | ${cases.bare.name}: ${ms('bare')} | ${ms('help')} | ${ratio('help', 'bare')} | ${ms('helpTsx')} | ${ratio('helpTsx', 'bare')} |`,
);
console.log(
  `| ${cases.score.name}, ${count.toLocaleString('en')} lines | ${cases.parse.name}: ${ms('parse')} | ${ms('score')} | ${ratio('score', 'parse')} | ${ms('scoreTsx')} | ${ratio('scoreTsx', 'parse')} |`,
);
const cpuMs = (key: keyof typeof cases) => `${Math.round(median(cpu[key]))} ms`;
const cpuRatio = (key: keyof typeof cases, base: keyof typeof cases) =>
  (median(cpu[key]) / median(cpu[base])).toFixed(2);
console.log('\nCPU time (user + system), median of the same runs:\n');
console.log('| command | baseline | compiled | ratio | same sources through tsx | ratio |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${cases.help.name} | ${cpuMs('bare')} | ${cpuMs('help')} | ${cpuRatio('help', 'bare')} | ${cpuMs('helpTsx')} | ${cpuRatio('helpTsx', 'bare')} |`,
);
console.log(
  `| ${cases.score.name} | ${cpuMs('parse')} | ${cpuMs('score')} | ${cpuRatio('score', 'parse')} | ${cpuMs('scoreTsx')} | ${cpuRatio('scoreTsx', 'parse')} |`,
);
