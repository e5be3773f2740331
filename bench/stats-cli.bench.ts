// Speed of `rapport stats` on a CSV of a million rows (issue 18: reliability and correlate
// "in a few seconds"; mixed against R's read.csv + lmer). In one process, each statistic is
// timed with its CSV read and set against a bare read of the same file with the same CSV
// parser csv-parse (every record parsed, nothing kept; Rapport reads a file without quotes
// itself, read-numeric-csv.ts). Then whole commands in child processes, one run each, peak
// memory from /usr/bin/time: this checkout's `rapport stats reliability`, `correlate`
// (Pearson and Spearman) and `mixed`, the same commands of another checkout when one is given
// (the previous implementation, e.g. a worktree of main), and R doing the same on the same
// file (read.csv, then psych::alpha on complete cases, cor.test per pair, lme4::lmer) when
// Rscript and the package are installed.
// Usage: npx tsx bench/stats-cli.bench.ts [rows=1000000] [groups=50000] [other-checkout]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { readCsvColumns, readNumericCsv } from '../src/cli/read-numeric-csv.ts';
import { correlate } from '../src/core/stats/correlate.ts';
import { cronbachAlphaOfCovariance } from '../src/core/stats/cronbach-alpha.ts';
import {
  completeCaseCovariance,
  covarianceToCorrelation,
} from '../src/core/stats/numeric-column.ts';
import { omegaTotal } from '../src/core/stats/omega-total.ts';
import { fitRandomIntercept } from '../src/core/stats/random-intercept-model.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const groupCount = Number(process.argv[3] ?? 50_000);
const otherCheckout = process.argv[4];
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
      const { n, covariance } = completeCaseCovariance(items);
      cronbachAlphaOfCovariance(covariance, n);
      omegaTotal(covarianceToCorrelation(covariance));
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
// CPU time (user + system) beside the wall clock: on a shared machine the wall clock
// carries the other processes' load, the CPU time much less of it.
const timed = (command: string[]) => {
  const withTime = existsSync('/usr/bin/time')
    ? ['/usr/bin/time', '-f', '%M %U %S', ...command]
    : command;
  const start = performance.now();
  const run = spawnSync(withTime[0]!, withTime.slice(1), { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  const [peak, user, system] = existsSync('/usr/bin/time')
    ? run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
    : [];
  return {
    seconds,
    cpu: user === undefined ? null : user + system!,
    status: run.status,
    peakMb: peak === undefined ? null : Math.round(peak / 1024),
  };
};
const show = (name: string, r: ReturnType<typeof timed>) =>
  console.log(
    `${name}: ${r.seconds.toFixed(2)} s (CPU ${r.cpu?.toFixed(2) ?? '?'} s), exit ${r.status}, peak ${r.peakMb ?? '?'} MB`,
  );
// bin/rapport.js rebuilds dist/server when the sources are newer: not inside a timed run.
for (const checkout of [root, otherCheckout].filter((c) => c !== undefined))
  spawnSync(process.execPath, [join(checkout, 'bin/rapport.js'), '--help'], { cwd: checkout });
const hasR = (pkg: string) =>
  spawnSync('Rscript', ['-e', `quit(status = !requireNamespace("${pkg}", quietly = TRUE))`])
    .status === 0;
const vars = ['a', 'x1', 'x2', 'y'];
const pairs = vars.flatMap((x, i) => vars.slice(i + 1).map((y) => [x, y]));
const commands: { name: string; args: string[]; r?: { pkg: string; code: string } }[] = [
  {
    name: 'reliability (5 items)',
    args: ['reliability', '--items', 'a,b,c,d,e'],
    r: {
      pkg: 'psych',
      code: 'invisible(psych::alpha(na.omit(d[c("a", "b", "c", "d", "e")])))',
    },
  },
  ...(['pearson', 'spearman'] as const).map((method) => ({
    name: `correlate ${method} (4 variables)`,
    args: ['correlate', '--vars', vars.join(','), '--method', method],
    r: {
      pkg: 'stats',
      code: pairs
        .map(([x, y]) => `cor.test(d$${x}, d$${y}, method = "${method}", exact = FALSE)`)
        .join('; '),
    },
  })),
  {
    name: 'mixed',
    args: ['mixed', '--outcome', 'y', '--fixed', 'x1,x2', '--group', 'g'],
    r: { pkg: 'lme4', code: 'invisible(summary(lme4::lmer(y ~ x1 + x2 + (1 | g), data = d)))' },
  },
];
for (const { name, args, r } of commands) {
  const [method, ...rest] = args;
  const command = (checkout: string) => [
    process.execPath,
    join(checkout, 'bin/rapport.js'),
    'stats',
    method!,
    '--file',
    file,
    ...rest,
  ];
  const ours = timed(command(root));
  show(`whole command: rapport stats ${name}`, ours);
  if (otherCheckout) {
    const before = timed(command(otherCheckout));
    show(`  the other checkout's`, before);
    console.log(
      `  other / this: ${(before.seconds / ours.seconds).toFixed(2)}× the time, ${((before.cpu ?? 0) / (ours.cpu ?? 1)).toFixed(2)}× the CPU`,
    );
  }
  if (r && hasR(r.pkg)) {
    const inR = timed(['Rscript', '-e', `d <- read.csv("${file}"); ${r.code}`]);
    show(`  Rscript: read.csv + ${r.pkg === 'stats' ? 'cor.test' : r.pkg}`, inR);
    console.log(
      `  R / rapport: ${(inR.seconds / ours.seconds).toFixed(2)}× the time, ${((inR.cpu ?? 0) / (ours.cpu ?? 1)).toFixed(2)}× the CPU, ${inR.peakMb ?? '?'} / ${ours.peakMb ?? '?'} MB peak`,
    );
  } else if (r) {
    console.log(`  R's ${r.pkg} is not installed: no R comparison`);
  }
}
rmSync(dir, { recursive: true, force: true });
