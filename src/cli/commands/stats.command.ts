import type { Command } from 'commander';
import { z } from 'zod';
import { classifyChange } from '../../core/outcomes/classify-change.ts';
import { reliableChange } from '../../core/outcomes/reliable-change.ts';
import { benjaminiHochberg } from '../../core/stats/benjamini-hochberg.ts';
import { correlate } from '../../core/stats/correlate.ts';
import { cronbachAlphaOfCovariance } from '../../core/stats/cronbach-alpha.ts';
import { intraclassCorrelation } from '../../core/stats/intraclass-correlation.ts';
import {
  completeCaseCovariance,
  completeCases,
  covarianceToCorrelation,
  reverseScored,
} from '../../core/stats/numeric-column.ts';
import { omegaTotal } from '../../core/stats/omega-total.ts';
import { pairedAgreement } from '../../core/stats/paired-agreement.ts';
import { fitRandomIntercept } from '../../core/stats/random-intercept-model.ts';
import { findRuptureRepairSequences } from '../../core/stats/rupture-repair-sequences.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../../core/alliance/alliance-rule-parameters.ts';
import { estimateInterindividualSdOfScores } from '../../core/alliance/estimate-interindividual-sd.ts';
import { AppError } from '../../core/app-error.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { readCsvColumns, readNumericCsv } from '../read-numeric-csv.ts';

// `rapport stats <method>`: the statistics of src/core/stats on any CSV with a header row,
// one JSON object (or, for rci, one JSON line per row) on standard output. The contract is in
// docs/statistics.md; the numbers agree with R (test/reference/statistics.test.ts).

const file = z.string().min(1, 'is required');
const columnList = (least: number) =>
  z
    .string()
    .transform((s) => s.split(',').map((name) => name.trim()))
    .refine((names) => names.every((name) => name !== ''), 'has an empty column name')
    .refine((names) => names.length >= least, `needs at least ${least} column names`);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const number = z.string().regex(NUMBER, 'must be a number').transform(Number);

const reliabilitySchema = z
  .object({
    file,
    items: columnList(2),
    reverse: columnList(1).optional(),
    scaleMin: number.optional(),
    scaleMax: number.optional(),
  })
  .refine(
    (o) => o.reverse === undefined || (o.scaleMin !== undefined && o.scaleMax !== undefined),
    {
      path: ['reverse'],
      message: 'needs --scale-min and --scale-max',
    },
  )
  .refine((o) => (o.reverse ?? []).every((name) => o.items.includes(name)), {
    path: ['reverse'],
    message: 'names a column that is not in --items',
  });

const correlateSchema = z.object({
  file,
  vars: columnList(2),
  method: z.enum(['pearson', 'spearman']).default('pearson'),
  adjust: z.enum(['bh']).optional(),
});

const iccSchema = z.object({ file, raters: columnList(2) });

const agreementSchema = z.object({
  file,
  a: z.string().min(1, 'is required'),
  b: z.string().min(1, 'is required'),
});

const rciSchema = z.object({
  file,
  pre: z.string().min(1, 'is required'),
  post: z.string().min(1, 'is required'),
  sd: number.refine((v) => v > 0, 'must be positive'),
  reliability: number.refine((v) => v > 0 && v < 1, 'must be between 0 and 1'),
  higherIsBetter: z.boolean().default(false),
  cutoff: number.optional(),
});

const mixedSchema = z.object({
  file,
  outcome: z.string().min(1, 'is required'),
  fixed: columnList(1).optional(),
  group: z.string().min(1, 'is required'),
  ml: z.boolean().default(false),
});

// The alerts' defaults (alliance-rule-parameters.ts), so the CLI and the alerts agree.
const { rupture: ruptureDefaults, repair: repairDefaults } = DEFAULT_ALLIANCE_RULE_PARAMETERS;
const positiveInteger = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .refine((v) => v >= 1, 'must be at least 1');
const rupturesSchema = z.object({
  file,
  id: z.string().min(1, 'is required'),
  time: z.string().min(1, 'is required'),
  score: z.string().min(1, 'is required'),
  k: number.refine((v) => v > 0, 'must be positive').default(ruptureDefaults.k),
  window: positiveInteger.default(ruptureDefaults.window),
  pooledSd: z
    .string()
    .refine(
      (v) => v === 'auto' || (NUMBER.test(v) && Number(v) > 0),
      'must be a positive number or "auto"',
    )
    .transform((v) => (v === 'auto' ? ('auto' as const) : Number(v)))
    .optional(),
  repairWithin: positiveInteger.default(repairDefaults.horizon),
});

const print = (io: CliIo, value: unknown) => writeLine(io.stdout, JSON.stringify(value));

const requireRows = (n: number, least: number, what: string) => {
  if (n < least) throw new AppError('validation', `${what} needs at least ${least} complete rows`);
};

export function register(program: Command, io: CliIo): void {
  const stats = program
    .command('stats')
    .description('Statistics on a CSV file with a header row, agreeing with R; JSON out');

  stats
    .command('reliability')
    .description("Cronbach's α (raw, standardised, Feldt 95% CI) and ω_total, on complete cases")
    .requiredOption('--file <path>', 'CSV file with a header row')
    .requiredOption('--items <a,b,c>', 'the item columns')
    .option('--reverse <a,b>', 'items to reverse-score as min + max − x')
    .option('--scale-min <n>', 'lowest answer of the scale (for --reverse)')
    .option('--scale-max <n>', 'highest answer of the scale (for --reverse)')
    .action(async (raw: unknown) => {
      const o = parseOptions(reliabilitySchema, raw);
      const data = await readNumericCsv(o.file, o.items);
      const reversed = new Set(o.reverse ?? []);
      const items = o.items.map((name) =>
        reversed.has(name)
          ? reverseScored(data.get(name)!, o.scaleMin!, o.scaleMax!)
          : data.get(name)!,
      );
      const { n, covariance } = completeCaseCovariance(items);
      requireRows(n, 2, 'reliability');
      const alpha = cronbachAlphaOfCovariance(covariance, n);
      const omega = omegaTotal(covarianceToCorrelation(covariance));
      print(io, {
        n: alpha.n,
        k: alpha.k,
        alpha: alpha.alpha,
        alphaStandardized: alpha.alphaStandardized,
        alphaCI: alpha.alphaCI,
        omegaTotal: omega.omegaTotal,
      });
    });

  stats
    .command('correlate')
    .description('Pearson or Spearman r with Fisher-z 95% CI and p, pairwise complete cases')
    .requiredOption('--file <path>', 'CSV file with a header row')
    .requiredOption('--vars <x,y,…>', 'the columns; every pair is correlated')
    .option('--method <pearson|spearman>', 'pearson (default) or spearman')
    .option('--adjust <bh>', 'add Benjamini–Hochberg adjusted p ("pAdjusted") over the table')
    .action(async (raw: unknown) => {
      const o = parseOptions(correlateSchema, raw);
      const data = await readNumericCsv(o.file, o.vars);
      const pairs = [];
      for (let i = 0; i < o.vars.length; i += 1) {
        for (let j = i + 1; j < o.vars.length; j += 1) {
          const x = o.vars[i]!;
          const y = o.vars[j]!;
          const c = correlate(data.get(x)!, data.get(y)!, o.method);
          pairs.push({ x, y, n: c.n, r: c.r, ci: c.ci, p: c.p });
        }
      }
      if (o.adjust === 'bh') {
        const adjusted = benjaminiHochberg(pairs.map((pair) => pair.p));
        print(io, {
          method: o.method,
          pairs: pairs.map((pair, i) => ({ ...pair, pAdjusted: adjusted[i] })),
        });
      } else {
        print(io, { method: o.method, pairs });
      }
    });

  stats
    .command('icc')
    .description('The six Shrout–Fleiss ICCs with F, df, p and 95% CI (psych::ICC), complete cases')
    .requiredOption('--file <path>', 'CSV file with a header row, one row per target')
    .requiredOption('--raters <a,b,…>', 'one column per rater')
    .action(async (raw: unknown) => {
      const o = parseOptions(iccSchema, raw);
      const data = await readNumericCsv(o.file, o.raters);
      const columns = o.raters.map((name) => data.get(name)!);
      requireRows(completeCases(columns)[0]!.length, 2, 'icc');
      print(io, intraclassCorrelation(columns));
    });

  stats
    .command('agreement')
    .description('Paired differences a − b: mean, SD, t test, Bland–Altman limits')
    .requiredOption('--file <path>', 'CSV file with a header row')
    .requiredOption('--a <column>', 'first measurement')
    .requiredOption('--b <column>', 'second measurement')
    .action(async (raw: unknown) => {
      const o = parseOptions(agreementSchema, raw);
      const data = await readNumericCsv(o.file, [o.a, o.b]);
      const a = data.get(o.a)!;
      const b = data.get(o.b)!;
      requireRows(completeCases([a, b])[0]!.length, 2, 'agreement');
      const result = pairedAgreement(a, b);
      print(io, {
        n: result.n,
        meanDifference: result.meanDifference,
        sd: result.sd,
        t: result.t,
        p: result.p,
        limits: result.limits,
      });
    });

  stats
    .command('rci')
    .description(
      'Reliable change (Jacobson & Truax 1991) per row: one JSON line with rc, reliable, category',
    )
    .requiredOption('--file <path>', 'CSV file with a header row')
    .requiredOption('--pre <column>', 'score before')
    .requiredOption('--post <column>', 'score after')
    .requiredOption('--sd <n>', 'SD of the pre-treatment (or normative) sample')
    .requiredOption('--reliability <r>', 'reliability of the measure, between 0 and 1')
    .option('--higher-is-better', 'higher scores are better (default: lower is better)')
    .option('--cutoff <c>', 'clinical cut-off: reliable improvement across it is "recovered"')
    .action(async (raw: unknown) => {
      const o = parseOptions(rciSchema, raw);
      const data = await readNumericCsv(o.file, [o.pre, o.post]);
      const pre = data.get(o.pre)!;
      const post = data.get(o.post)!;
      const lines: string[] = [];
      for (let i = 0; i < pre.length; i += 1) {
        if (Number.isNaN(pre[i]!) || Number.isNaN(post[i]!)) {
          lines.push(JSON.stringify({ rc: null, reliable: null, category: null }));
          continue;
        }
        const change = reliableChange({
          pre: pre[i]!,
          post: post[i]!,
          sdPre: o.sd,
          reliability: o.reliability,
          variant: 'jacobson-truax',
        });
        const { category } = classifyChange({
          pre: pre[i]!,
          post: post[i]!,
          change,
          cutOff: o.cutoff ?? null,
          higherIsBetter: o.higherIsBetter,
        });
        lines.push(JSON.stringify({ rc: change.rc, reliable: change.reliable, category }));
      }
      if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
    });

  stats
    .command('mixed')
    .description(
      'Linear mixed model with a random intercept per group (lme4::lmer), REML or --ml; rows with a missing value are left out',
    )
    .requiredOption('--file <path>', 'CSV file with a header row')
    .requiredOption('--outcome <column>', 'the outcome y')
    .option('--fixed <x1,x2,…>', 'fixed-effect predictors (an intercept is always included)')
    .requiredOption('--group <column>', 'the grouping column (ids; need not be numbers)')
    .option('--ml', 'maximum likelihood instead of REML')
    .action(async (raw: unknown) => {
      const o = parseOptions(mixedSchema, raw);
      const fixed = o.fixed ?? [];
      const { numbers, texts } = await readCsvColumns(o.file, [o.outcome, ...fixed], [o.group]);
      let fit;
      try {
        fit = fitRandomIntercept({
          outcome: numbers.get(o.outcome)!,
          predictors: fixed.map((term) => ({ term, values: numbers.get(term)! })),
          group: texts.get(o.group)!,
          reml: !o.ml,
        });
      } catch (error) {
        if (error instanceof RangeError) throw new AppError('validation', error.message);
        throw error;
      }
      print(io, {
        n: fit.n,
        groups: fit.groups,
        fixed: fit.fixed,
        variance: fit.variance,
        ...(o.ml ? { logLik: fit.logLik } : { remlCriterion: fit.remlCriterion }),
      });
    });

  stats
    .command('ruptures')
    .description(
      "Rupture–repair sequences in each id's series, by the alerts' rule: one JSON line per rupture",
    )
    .requiredOption('--file <path>', 'CSV file with a header row, one row per id and time')
    .requiredOption('--id <column>', 'whose series the row belongs to (ids; need not be numbers)')
    .requiredOption('--time <column>', 'session number (or any increasing time)')
    .requiredOption('--score <column>', 'the score, e.g. the WAI-SR mean item')
    .option('--k <n>', `rupture when score ≤ baseline − k·SD (default ${ruptureDefaults.k})`)
    .option(
      '--window <n>',
      `baseline = mean of the previous n scores (default ${ruptureDefaults.window})`,
    )
    .option(
      '--pooled-sd <sd|auto>',
      `interindividual SD floor, or "auto" to measure it from the file (default ${ruptureDefaults.pooledSd})`,
    )
    .option(
      '--repair-within <n>',
      `repaired when one of the next n scores returns (default ${repairDefaults.horizon})`,
    )
    .action(async (raw: unknown) => {
      const o = parseOptions(rupturesSchema, raw);
      const { numbers, texts } = await readCsvColumns(o.file, [o.time, o.score], [o.id]);
      const score = numbers.get(o.score)!;
      const pooledSd =
        o.pooledSd === 'auto'
          ? estimateInterindividualSdOfScores(score)
          : (o.pooledSd ?? ruptureDefaults.pooledSd);
      let sequences;
      try {
        sequences = findRuptureRepairSequences(
          { id: texts.get(o.id)!, time: numbers.get(o.time)!, score },
          { ...ruptureDefaults, k: o.k, window: o.window, pooledSd },
          { ...repairDefaults, horizon: o.repairWithin },
        );
      } catch (error) {
        if (error instanceof RangeError) throw new AppError('validation', error.message);
        throw error;
      }
      if (sequences.length > 0)
        io.stdout.write(`${sequences.map((s) => JSON.stringify(s)).join('\n')}\n`);
    });
}
