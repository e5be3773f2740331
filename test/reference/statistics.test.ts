// Rapport's statistics (src/core/stats and `rapport stats`) against R, psych 2.2.9 and lme4 1.1-31:
// test/reference/statistics.R exports data sets that ship with psych to CSV and writes R's
// results to statistics.json; both are committed and read here. Closed forms agree to 1e-9
// (p values also relatively, however small); ω_total and the mixed models, fitted
// iteratively, to 1e-4 (relatively above 1).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../../src/core/stats/benjamini-hochberg.ts';
import { type CorrelationMethod, correlate } from '../../src/core/stats/correlate.ts';
import { cronbachAlpha } from '../../src/core/stats/cronbach-alpha.ts';
import { intraclassCorrelation } from '../../src/core/stats/intraclass-correlation.ts';
import {
  completeCases,
  covarianceMatrix,
  covarianceToCorrelation,
  reverseScored,
} from '../../src/core/stats/numeric-column.ts';
import { omegaTotal } from '../../src/core/stats/omega-total.ts';
import { pairedAgreement } from '../../src/core/stats/paired-agreement.ts';
import { fitRandomIntercept } from '../../src/core/stats/random-intercept-model.ts';
import { runRapport } from '../helpers/run-cli.ts';

const here = (name: string) => new URL(`./${name}`, import.meta.url).pathname;

interface Reference {
  reliability: {
    name: string;
    items: string[];
    reverse: string[];
    n: number;
    k: number;
    alpha: number;
    alphaStandardized: number;
    alphaCI: [number, number];
    itemTotal: number[];
    itemRest: number[];
    alphaIfDropped: number[];
    alphaStandardizedIfDropped: number[];
    loadings: number[];
    uniquenesses: number[];
    omegaTotal: number;
  }[];
  correlate: {
    method: CorrelationMethod;
    vars: string[];
    pairs: {
      x: string;
      y: string;
      n: number;
      r: number;
      ci: [number, number];
      p: number;
      pAdjusted: number;
    }[];
  }[];
  agreement: {
    a: string;
    b: string;
    n: number;
    meanDifference: number;
    sd: number;
    t: number;
    df: number;
    p: number;
    limits: [number, number];
  }[];
  icc: {
    name: string;
    raters: string[];
    n: number;
    k: number;
    icc: {
      type: string;
      value: number;
      F: number;
      df1: number;
      df2: number;
      p: number;
      ci: [number, number];
    }[];
  }[];
  mixed: {
    name: string;
    outcome: string;
    fixedTerms: string[];
    group: string;
    reml: boolean;
    n: number;
    groups: number;
    fixed: { term: string; estimate: number; se: number; t: number }[];
    variance: { group: number; residual: number };
    remlCriterion: number | null;
    logLik: number | null;
  }[];
  rci: {
    sd: number;
    reliability: number;
    cutoff: number;
    rows: { rc: number; reliable: boolean; category: string }[];
  };
}

const reference = JSON.parse(readFileSync(here('statistics.json'), 'utf8')) as Reference;

/** The named columns of a committed CSV, NaN for an empty cell. */
function readColumns(file: string, rows?: number): Map<string, number[]> {
  const records = parse(readFileSync(here(file), 'utf8')) as string[][];
  const [header, ...data] = records;
  const body = rows === undefined ? data : data.slice(0, rows);
  return new Map(
    header!.map((name, c) => [
      name,
      body.map((record) => (record[c] === '' ? Number.NaN : Number(record[c]))),
    ]),
  );
}
const bfi = readColumns('bfi-ac.csv');
const satAct = readColumns('sat-act.csv');
const column = (data: Map<string, number[]>, name: string) => {
  const values = data.get(name);
  if (values === undefined) throw new Error(`no column ${name}`);
  return values;
};

const CLOSED_FORM = 1e-9;
const ITERATIVE = 1e-4;

/** |actual − expected| ≤ tolerance (relative above 1, absolute below). */
function near(actual: number, expected: number, tolerance = CLOSED_FORM) {
  expect(Number.isFinite(actual), `${actual} is a number`).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(expected)),
  );
}
/** A p value: close absolutely and, however small, relatively. */
function nearP(actual: number, expected: number) {
  near(actual, expected);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(CLOSED_FORM * expected);
}
const nearAll = (actual: readonly number[], expected: readonly number[], tolerance?: number) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => near(value, expected[i]!, tolerance));
};

function reliabilityItems(row: Reference['reliability'][number]) {
  return row.items.map((name) =>
    row.reverse.includes(name) ? reverseScored(column(bfi, name), 1, 6) : column(bfi, name),
  );
}

describe('reliability matches psych::alpha and psych::fa (bfi)', () => {
  it.each(reference.reliability)('$name', (row) => {
    const items = reliabilityItems(row);
    const result = cronbachAlpha(items);
    expect(result.n).toBe(row.n);
    expect(result.k).toBe(row.k);
    near(result.alpha, row.alpha);
    near(result.alphaStandardized, row.alphaStandardized);
    nearAll(result.alphaCI, row.alphaCI);
    nearAll(
      result.items.map((item) => item.itemTotal),
      row.itemTotal,
    );
    nearAll(
      result.items.map((item) => item.itemRest),
      row.itemRest,
    );
    nearAll(
      result.items.map((item) => item.alphaIfDropped),
      row.alphaIfDropped,
    );
    nearAll(
      result.items.map((item) => item.alphaStandardizedIfDropped),
      row.alphaStandardizedIfDropped,
    );
    const factor = omegaTotal(covarianceToCorrelation(covarianceMatrix(completeCases(items))));
    nearAll(factor.loadings, row.loadings, ITERATIVE);
    nearAll(factor.uniquenesses, row.uniquenesses, ITERATIVE);
    near(factor.omegaTotal, row.omegaTotal, ITERATIVE);
  });
});

describe('correlations match cor.test, psych::corr.test and p.adjust (sat.act)', () => {
  it.each(reference.correlate)('$method', (table) => {
    const ours = table.pairs.map((pair) =>
      correlate(column(satAct, pair.x), column(satAct, pair.y), table.method),
    );
    expect(ours.map((c) => c.n)).toEqual(table.pairs.map((pair) => pair.n));
    // SATQ has missing values: pairwise complete cases give different n per pair.
    expect(new Set(ours.map((c) => c.n)).size).toBeGreaterThan(1);
    ours.forEach((c, i) => {
      const expected = table.pairs[i]!;
      near(c.r, expected.r);
      nearAll(c.ci, expected.ci);
      nearP(c.p, expected.p);
    });
    const adjusted = benjaminiHochberg(ours.map((c) => c.p));
    adjusted.forEach((p, i) => nearP(p, table.pairs[i]!.pAdjusted));
  });
});

describe('paired agreement matches t.test(paired = TRUE) (sat.act)', () => {
  it.each(reference.agreement)('$a − $b', (row) => {
    const result = pairedAgreement(column(satAct, row.a), column(satAct, row.b));
    expect(result.n).toBe(row.n);
    expect(result.df).toBe(row.df);
    near(result.meanDifference, row.meanDifference);
    near(result.sd, row.sd);
    near(result.t, row.t);
    nearP(result.p, row.p);
    nearAll(result.limits, row.limits);
  });
});

describe('ICC matches psych::ICC', () => {
  const data: Record<string, Map<string, number[]>> = {
    'shrout-fleiss': readColumns('shrout-fleiss.csv'),
    'bfi A2 A3 A5, rows 1-200': readColumns('bfi-ac.csv', 200),
  };
  it.each(reference.icc)('$name', (row) => {
    const result = intraclassCorrelation(row.raters.map((name) => column(data[row.name]!, name)));
    expect(result.n).toBe(row.n);
    expect(result.k).toBe(row.k);
    expect(result.icc.map((icc) => icc.type)).toEqual(row.icc.map((icc) => icc.type));
    result.icc.forEach((icc, i) => {
      const expected = row.icc[i]!;
      near(icc.value, expected.value);
      near(icc.F, expected.F);
      expect([icc.df1, icc.df2]).toEqual([expected.df1, expected.df2]);
      nearP(icc.p, expected.p);
      nearAll(icc.ci, expected.ci);
    });
  });
});

/** The named columns of a committed CSV as text (ids), null for an empty cell. */
function readTextColumn(file: string, name: string): (string | null)[] {
  const [header, ...data] = parse(readFileSync(here(file), 'utf8')) as string[][];
  const c = header!.indexOf(name);
  return data.map((record) => (record[c] === '' ? null : record[c]!));
}

function expectMixedFit(
  actual: {
    n: number;
    groups: number;
    fixed: { term: string; estimate: number; se: number; t: number }[];
    variance: { group: number; residual: number };
    remlCriterion?: number | null;
    logLik?: number | null;
  },
  expected: Reference['mixed'][number],
) {
  expect([actual.n, actual.groups]).toEqual([expected.n, expected.groups]);
  expect(actual.fixed.map((f) => f.term)).toEqual(expected.fixed.map((f) => f.term));
  actual.fixed.forEach((f, i) => {
    near(f.estimate, expected.fixed[i]!.estimate, ITERATIVE);
    near(f.se, expected.fixed[i]!.se, ITERATIVE);
    near(f.t, expected.fixed[i]!.t, ITERATIVE);
  });
  near(actual.variance.group, expected.variance.group, ITERATIVE);
  near(actual.variance.residual, expected.variance.residual, ITERATIVE);
  if (expected.reml) near(actual.remlCriterion!, expected.remlCriterion!, ITERATIVE);
  else near(actual.logLik!, expected.logLik!, ITERATIVE);
}

const mixedFile = (name: string) => `${name}.csv`;

describe('random-intercept mixed models match lme4::lmer (sleepstudy, Dyestuff, Dyestuff2)', () => {
  it.each(reference.mixed)('$name: $outcome ~ $fixedTerms + (1 | $group), REML $reml', (row) => {
    const data = readColumns(mixedFile(row.name));
    const fit = fitRandomIntercept({
      outcome: column(data, row.outcome),
      predictors: row.fixedTerms.map((term) => ({ term, values: column(data, term) })),
      group: readTextColumn(mixedFile(row.name), row.group),
      reml: row.reml,
    });
    expectMixedFit(fit, row);
  });

  it('finds the singular fit of Dyestuff2 (θ = 0, no group variance) as lme4 does', () => {
    const data = readColumns('dyestuff2.csv');
    for (const reml of [true, false]) {
      const fit = fitRandomIntercept({
        outcome: column(data, 'Yield'),
        predictors: [],
        group: readTextColumn('dyestuff2.csv', 'Batch'),
        reml,
      });
      expect([fit.theta, fit.variance.group]).toEqual([0, 0]);
    }
  });
});

describe('rapport stats gives R’s numbers', () => {
  const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

  it('reliability', async () => {
    const row = reference.reliability[1]!; // conscientiousness, C4 and C5 reversed
    const result = await runRapport([
      'stats',
      'reliability',
      '--file',
      here('bfi-ac.csv'),
      '--items',
      row.items.join(','),
      '--reverse',
      row.reverse.join(','),
      '--scale-min',
      '1',
      '--scale-max',
      '6',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout) as {
      n: number;
      k: number;
      alpha: number;
      alphaStandardized: number;
      alphaCI: number[];
      omegaTotal: number;
    };
    expect(Object.keys(out)).toEqual([
      'n',
      'k',
      'alpha',
      'alphaStandardized',
      'alphaCI',
      'omegaTotal',
    ]);
    expect([out.n, out.k]).toEqual([row.n, row.k]);
    near(out.alpha, row.alpha);
    near(out.alphaStandardized, row.alphaStandardized);
    nearAll(out.alphaCI, row.alphaCI);
    near(out.omegaTotal, row.omegaTotal, ITERATIVE);
  });

  it('correlate --method spearman --adjust bh', async () => {
    const table = reference.correlate[1]!;
    const result = await runRapport([
      'stats',
      'correlate',
      '--file',
      here('sat-act.csv'),
      '--vars',
      table.vars.join(','),
      '--method',
      'spearman',
      '--adjust',
      'bh',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout) as {
      method: string;
      pairs: Reference['correlate'][0]['pairs'];
    };
    expect(out.method).toBe('spearman');
    expect(out.pairs.map((pair) => [pair.x, pair.y, pair.n])).toEqual(
      table.pairs.map((pair) => [pair.x, pair.y, pair.n]),
    );
    out.pairs.forEach((pair, i) => {
      const expected = table.pairs[i]!;
      near(pair.r, expected.r);
      nearAll(pair.ci, expected.ci);
      nearP(pair.p, expected.p);
      nearP(pair.pAdjusted, expected.pAdjusted);
    });
  });

  it('agreement', async () => {
    const row = reference.agreement[0]!;
    const result = await runRapport([
      'stats',
      'agreement',
      '--file',
      here('sat-act.csv'),
      '--a',
      row.a,
      '--b',
      row.b,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout) as Reference['agreement'][0];
    expect(Object.keys(out)).toEqual(['n', 'meanDifference', 'sd', 't', 'p', 'limits']);
    expect(out.n).toBe(row.n);
    near(out.meanDifference, row.meanDifference);
    near(out.sd, row.sd);
    near(out.t, row.t);
    nearP(out.p, row.p);
    nearAll(out.limits, row.limits);
  });

  it('icc (Shrout & Fleiss 1979)', async () => {
    const row = reference.icc[0]!;
    const result = await runRapport([
      'stats',
      'icc',
      '--file',
      here('shrout-fleiss.csv'),
      '--raters',
      row.raters.join(','),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout) as Pick<Reference['icc'][0], 'n' | 'k' | 'icc'>;
    expect([out.n, out.k]).toEqual([6, 4]);
    out.icc.forEach((icc, i) => {
      const expected = row.icc[i]!;
      expect(icc.type).toBe(expected.type);
      near(icc.value, expected.value);
      near(icc.F, expected.F);
      expect([icc.df1, icc.df2]).toEqual([expected.df1, expected.df2]);
      nearP(icc.p, expected.p);
      nearAll(icc.ci, expected.ci);
    });
  });

  it('rci (Jacobson & Truax 1991, Table 2)', async () => {
    const { rci } = reference;
    const result = await runRapport([
      'stats',
      'rci',
      '--file',
      here('das.csv'),
      '--pre',
      'pre',
      '--post',
      'post',
      '--sd',
      String(rci.sd),
      '--reliability',
      String(rci.reliability),
      '--higher-is-better',
      '--cutoff',
      String(rci.cutoff),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n').map(json) as Reference['rci']['rows'];
    expect(lines).toHaveLength(rci.rows.length);
    lines.forEach((line, i) => {
      const expected = rci.rows[i]!;
      near(line.rc, expected.rc);
      expect([line.reliable, line.category]).toEqual([expected.reliable, expected.category]);
    });
    // The sample holds every category but "deteriorated" and "recovered" alike.
    expect(new Set(lines.map((line) => line.category)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('rapport stats mixed gives lme4’s numbers', () => {
  it.each(reference.mixed.filter((row) => row.fixedTerms.length === 2 || row.name === 'dyestuff'))(
    '$name, REML $reml',
    async (row) => {
      const result = await runRapport([
        'stats',
        'mixed',
        '--file',
        here(mixedFile(row.name)),
        '--outcome',
        row.outcome,
        ...(row.fixedTerms.length > 0 ? ['--fixed', row.fixedTerms.join(',')] : []),
        '--group',
        row.group,
        ...(row.reml ? [] : ['--ml']),
      ]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const out = JSON.parse(result.stdout) as Parameters<typeof expectMixedFit>[0];
      expect(Object.keys(out)).toEqual([
        'n',
        'groups',
        'fixed',
        'variance',
        row.reml ? 'remlCriterion' : 'logLik',
      ]);
      expectMixedFit(out, row);
    },
  );
});

describe('rapport stats refuses bad input with one line and exit 2', () => {
  it.each([
    [
      'a column that is not in the file',
      ['stats', 'agreement', '--file', here('sat-act.csv'), '--a', 'SATV', '--b', 'GPA'],
      /^rapport: column "GPA" is not in the header row of .*sat-act\.csv\n$/,
    ],
    [
      'a file that is not CSV, without quoting its content',
      ['stats', 'correlate', '--file', here('statistics.R'), '--vars', 'x,y'],
      /^rapport: .*statistics\.R is not valid CSV \(INVALID_OPENING_QUOTE\)\n$/,
    ],
    [
      'a reversed item without its scale',
      ['stats', 'reliability', '--file', here('bfi-ac.csv'), '--items', 'A1,A2', '--reverse', 'A1'],
      /^rapport: --reverse needs --scale-min and --scale-max\n$/,
    ],
    [
      'a file that does not exist',
      ['stats', 'icc', '--file', here('no-such.csv'), '--raters', 'a,b'],
      /^rapport: cannot read .*no-such\.csv: no such file, or not readable\n$/,
    ],
  ])('%s', async (_, args, message) => {
    const result = await runRapport(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('a cell that is not a number names the column and row, not the value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-stats-'));
    try {
      const file = join(dir, 'ratings.csv');
      writeFileSync(file, 'a,b\n1,2\n3,\n4,secret answer\n');
      const result = await runRapport([
        'stats',
        'agreement',
        '--file',
        file,
        '--a',
        'a',
        '--b',
        'b',
      ]);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: 'rapport: column "b" is not numeric (data row 3)\n',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the committed reference is what R computes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-r-reference-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // CI installs R and psych from Debian (.ci/run); this runs the script afresh (a few seconds).
  it('Rscript test/reference/statistics.R writes the committed CSVs and JSON', async () => {
    await promisify(execFile)('Rscript', [here('statistics.R'), dir], { timeout: 120_000 });
    for (const name of [
      'statistics.json',
      'bfi-ac.csv',
      'sat-act.csv',
      'shrout-fleiss.csv',
      'das.csv',
      'sleepstudy.csv',
      'dyestuff.csv',
      'dyestuff2.csv',
    ]) {
      expect(readFileSync(join(dir, name), 'utf8'), name).toBe(readFileSync(here(name), 'utf8'));
    }
  }, 180_000);
});
