// Speed of `rapport stats` on a CSV of a million rows (issue 18: reliability and correlate
// "in a few seconds"; mixed against R's read.csv + lmer). In one process, each statistic is
// timed with its CSV read and set against a bare read of the same file with the same CSV
// parser csv-parse (every record parsed, nothing kept; Rapport reads a file without quotes
// itself, read-numeric-csv.ts). Then whole commands in child processes,
// `rapport stats mixed` beside `Rscript` doing read.csv + lmer when R and lme4 are installed,
// with peak memory from /usr/bin/time when it is there.
// Usage: npx tsx bench/stats-cli.bench.ts [rows=1000000] [groups=50000]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { readCsvColumns, readNumericCsv } from '../src/cli/read-numeric-csv.ts';
import { correlate } from '../src/core/stats/correlate.ts';
import { cronbachAlpha } from '../src/core/stats/cronbach-alpha.ts';
import {
  completeCases,
  covarianceMatrix,
  covarianceToCorrelation,
} from '../src/core/stats/numeric-column.ts';
import { omegaTotal } from '../src/core/stats/omega-total.ts';
import { fitRandomIntercept } from '../src/core/stats/random-intercept-model.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const groupCount = Number(process.argv[3] ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'rapport-stats-bench-'));
const file = join(dir, 'data.csv');

// Five 1–6 items sharing a person factor, two predictors, an outcome with a group intercept.
let seed = 7;
const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const normal = () =>
  Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
const groupEffects = Array.from({ length: groupCount }, () => normal());
const chunks: string[] = ['g,a,b,c,d,e,x1,x2,y'];
for (let i = 0; i < rows; i += 1) {
  const g = i % groupCount;
  const person = normal();
  const item = () => Math.min(6, Math.max(1, Math.round(3.5 + person + normal())));
  const x1 = Math.round(normal() * 100) / 100;
  const x2 = i % 10;
  const y = Math.round((2 + 0.5 * x1 - 0.1 * x2 + groupEffects[g]! + normal()) * 1000) / 1000;
  // About 1% missing values, as real data has.
  const a = uniform() < 0.01 ? '' : String(item());
  chunks.push(`g${g},${a},${item()},${item()},${item()},${item()},${x1},${x2},${y}`);
}
writeFileSync(file, `${chunks.join('\n')}\n`);
chunks.length = 0;

async function bareRead(): Promise<number> {
  let records = 0;
  for await (const _ of createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true })))
    records += 1;
  return records;
}

const time = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
};
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;

const cases: [string, () => Promise<unknown>][] = [
  ['bare CSV read (baseline)', bareRead],
  [
    'reliability (α, Feldt CI, item stats, ω_total), 5 items',
    async () => {
      const data = await readNumericCsv(file, ['a', 'b', 'c', 'd', 'e']);
      const items = ['a', 'b', 'c', 'd', 'e'].map((name) => data.get(name)!);
      cronbachAlpha(items);
      omegaTotal(covarianceToCorrelation(covarianceMatrix(completeCases(items))));
    },
  ],
  [
    'correlate pearson, 4 variables (6 pairs)',
    async () => {
      const data = await readNumericCsv(file, ['a', 'x1', 'x2', 'y']);
      const vars = ['a', 'x1', 'x2', 'y'];
      for (let i = 0; i < vars.length; i += 1)
        for (let j = i + 1; j < vars.length; j += 1)
          correlate(data.get(vars[i]!)!, data.get(vars[j]!)!, 'pearson');
    },
  ],
  [
    'correlate spearman, 4 variables (6 pairs)',
    async () => {
      const data = await readNumericCsv(file, ['a', 'x1', 'x2', 'y']);
      const vars = ['a', 'x1', 'x2', 'y'];
      for (let i = 0; i < vars.length; i += 1)
        for (let j = i + 1; j < vars.length; j += 1)
          correlate(data.get(vars[i]!)!, data.get(vars[j]!)!, 'spearman');
    },
  ],
  [
    `mixed (REML), y ~ x1 + x2 + (1 | g), ${groupCount} groups`,
    async () => {
      const { numbers, texts } = await readCsvColumns(file, ['y', 'x1', 'x2'], ['g']);
      fitRandomIntercept({
        outcome: numbers.get('y')!,
        predictors: ['x1', 'x2'].map((term) => ({ term, values: numbers.get(term)! })),
        group: texts.get('g')!,
        reml: true,
      });
    },
  ],
];

console.log(`${rows} rows, ${groupCount} groups; median of 3 runs, in process`);
let baseline = 0;
for (const [name, run] of cases) {
  const seconds = median([await time(run), await time(run), await time(run)]);
  if (baseline === 0) baseline = seconds;
  console.log(`${name}: ${seconds.toFixed(2)} s, ratio ${(seconds / baseline).toFixed(2)}`);
}

// Whole commands, one run each, with peak memory where /usr/bin/time can tell it.
const root = fileURLToPath(new URL('..', import.meta.url));
const timed = (command: string[]) => {
  const withTime = existsSync('/usr/bin/time')
    ? ['/usr/bin/time', '-f', '%M', ...command]
    : command;
  const start = performance.now();
  const run = spawnSync(withTime[0]!, withTime.slice(1), { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  const peak = existsSync('/usr/bin/time') ? run.stderr.trim().split('\n').at(-1) : undefined;
  return { seconds, status: run.status, peakMb: peak ? Math.round(Number(peak) / 1024) : null };
};
const show = (name: string, r: ReturnType<typeof timed>) =>
  console.log(`${name}: ${r.seconds.toFixed(2)} s, exit ${r.status}, peak ${r.peakMb ?? '?'} MB`);
const rapport = timed([
  process.execPath,
  'bin/rapport.js',
  'stats',
  'mixed',
  '--file',
  file,
  '--outcome',
  'y',
  '--fixed',
  'x1,x2',
  '--group',
  'g',
]);
show('whole command: rapport stats mixed', rapport);
show(
  'whole command: rapport stats reliability',
  timed([
    process.execPath,
    'bin/rapport.js',
    'stats',
    'reliability',
    '--file',
    file,
    '--items',
    'a,b,c,d,e',
  ]),
);
show(
  'whole command: rapport stats correlate (pearson, 4 variables)',
  timed([
    process.execPath,
    'bin/rapport.js',
    'stats',
    'correlate',
    '--file',
    file,
    '--vars',
    'a,x1,x2,y',
  ]),
);
const hasLme4 =
  spawnSync('Rscript', ['-e', 'quit(status = !requireNamespace("lme4", quietly = TRUE))'])
    .status === 0;
if (hasLme4) {
  const r = timed([
    'Rscript',
    '-e',
    `d <- read.csv("${file}"); m <- lme4::lmer(y ~ x1 + x2 + (1 | g), data = d); invisible(summary(m))`,
  ]);
  show('whole command: Rscript read.csv + lme4::lmer', r);
  console.log(
    `R / rapport: ${(r.seconds / rapport.seconds).toFixed(2)}× the time, ${r.peakMb ?? '?'} / ${rapport.peakMb ?? '?'} MB peak`,
  );
} else {
  console.log('R with lme4 is not installed: no R comparison');
}
rmSync(dir, { recursive: true, force: true });
