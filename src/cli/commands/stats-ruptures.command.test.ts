import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../../core/alliance/alliance-rule-parameters.ts';
import { detectRuptures } from '../../core/alliance/detect-ruptures.ts';
import { generateAllianceCohort } from '../../core/synthetic/generate-alliance-cohort.ts';
import { runRapport } from '../../../test/helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-ruptures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const lines = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const ruptures = (file: string, ...extra: string[]) =>
  runRapport([
    'stats',
    'ruptures',
    '--file',
    file,
    '--id',
    'client',
    '--time',
    'session',
    '--score',
    'wai',
    ...extra,
  ]);

// Hand-worked series, on the formulas of docs/methods.md ("Rupture", "Repair"): baseline = mean
// of the previous w scores, SD = sample SD of every previous score or max(own, pooled), rupture
// when A_t ≤ baseline − k·SD; repaired when one of the next h scores is ≥ baseline − ε (0.1);
// fewer than 3 previous scores: a drop of ≥ 1.0 from the previous score.
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sampleSd = (xs: number[]) =>
  Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

const rows = [
  // a: a V. s4: baseline (4.0 + 4.2 + 4.4)/3 = 4.2, own SD 0.2 < 0.6 → threshold 4.2 − 0.9
  // = 3.3; 3.0 ≤ 3.3. Repair target 4.1: 3.8 no, 4.3 at s6 yes.
  ['a', 1, 4.0],
  ['a', 2, 4.2],
  ['a', 3, 4.4],
  ['a', 4, 3.0],
  ['a', 5, 3.8],
  ['a', 6, 4.3],
  // b: rows out of order, session 5 missed (no row) and session 9 unscored (empty cell). s4:
  // baseline 4.5, own SD 0.1 → threshold 3.6; 3.5 fires; the next three scores (s6, s7, s8)
  // stay under 4.4 → unresolved.
  ['b', 7, 3.7],
  ['b', 1, 4.5],
  ['b', 3, 4.6],
  ['b', 2, 4.4],
  ['b', 4, 3.5],
  ['b', 6, 3.6],
  ['b', 8, 3.6],
  ['b', 9, ''],
  // c: a noisy client judged by her own SD. s3 falls 0.8 (< 1.0, too early for more). s4:
  // own SD 0.46 → 0.6, threshold 3.067 − 0.9; 4.2 no. s5: previous 2.8, 3.6, 2.8, 4.2, own SD
  // √(1.39/3) ≈ 0.681 > 0.6; baseline (3.6 + 2.8 + 4.2)/3 ≈ 3.533; threshold ≈ 2.512; 2.4
  // fires; no later score → open.
  ['c', 1, 2.8],
  ['c', 2, 3.6],
  ['c', 3, 2.8],
  ['c', 4, 4.2],
  ['c', 5, 2.4],
  // d: too early for the idiographic rule: 4.5 → 3.4 is a drop ≥ 1.0 (threshold 3.5), baseline
  // 4.5; 4.45 ≥ 4.4 repairs it at s3.
  ['d', 1, 4.5],
  ['d', 2, 3.4],
  ['d', 3, 4.45],
] as const;
const file = csv('hand.csv', `client,session,wai\n${rows.map((r) => r.join(',')).join('\n')}\n`);

describe('rapport stats ruptures on hand-worked series', () => {
  it('finds each rupture with its baseline, threshold, status and repair at the defaults', async () => {
    const result = await ruptures(file);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = lines(result.stdout);
    const cPrior = [2.8, 3.6, 2.8, 4.2];
    const expected = [
      { id: 'a', time: 4, score: 3.0, baseline: 4.2, threshold: 4.2 - 1.5 * 0.6 },
      { id: 'b', time: 4, score: 3.5, baseline: 4.5, threshold: 4.5 - 1.5 * 0.6 },
      {
        id: 'c',
        time: 5,
        score: 2.4,
        baseline: mean([3.6, 2.8, 4.2]),
        threshold: mean([3.6, 2.8, 4.2]) - 1.5 * sampleSd(cPrior),
      },
      { id: 'd', time: 2, score: 3.4, baseline: 4.5, threshold: 4.5 - 1.0 },
    ];
    expect(out.map((line) => Object.keys(line))).toEqual(
      expected.map(() => ['id', 'time', 'score', 'baseline', 'threshold', 'status', 'repairedAt']),
    );
    expected.forEach((e, i) => {
      const line = out[i]!;
      expect(line).toMatchObject({ id: e.id, time: e.time, score: e.score });
      expect(line.baseline as number).toBeCloseTo(e.baseline, 12);
      expect(line.threshold as number).toBeCloseTo(e.threshold, 12);
    });
    expect(out.map((line) => [line.status, line.repairedAt])).toEqual([
      ['repaired', 6],
      ['unresolved', null],
      ['open', null],
      ['repaired', 3],
    ]);
  });

  it('takes --k, --window and --repair-within', async () => {
    // a with k = 1, w = 2, h = 1: baseline (4.2 + 4.4)/2 = 4.3, threshold 4.3 − 0.6 = 3.7; the
    // one score allowed to repair (3.8) is under 4.2 → unresolved.
    const result = await ruptures(file, '--k', '1', '--window', '2', '--repair-within', '1');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const a = lines(result.stdout).find((line) => line.id === 'a')!;
    expect(a).toMatchObject({ time: 4, status: 'unresolved', repairedAt: null });
    expect(a.baseline as number).toBeCloseTo(4.3, 12);
    expect(a.threshold as number).toBeCloseTo(3.7, 12);
  });

  it('--pooled-sd auto measures the interindividual SD from every score in the file', async () => {
    const scores = rows.map((r): number | string => r[2]).filter((s): s is number => s !== '');
    const pooled = sampleSd(scores);
    const result = await ruptures(file, '--pooled-sd', 'auto');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const a = lines(result.stdout).find((line) => line.id === 'a')!;
    expect(a.threshold as number).toBeCloseTo(4.2 - 1.5 * Math.max(0.2, pooled), 12);
    const fixed = await ruptures(file, '--pooled-sd', '0.3');
    const aFixed = lines(fixed.stdout).find((line) => line.id === 'a')!;
    expect(aFixed.threshold as number).toBeCloseTo(4.2 - 1.5 * 0.3, 12);
  });

  it('prints nothing and exits 0 when no series has a rupture', async () => {
    const flat = csv('flat.csv', 'client,session,wai\nx,1,4\nx,2,4.1\nx,3,4\nx,4,4.1\n');
    expect(await ruptures(flat)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('rapport stats ruptures refuses bad input with one line and exit 2', () => {
  it.each([
    ['a missing column', 'client,session,score\na,1,4\n', /^rapport: column "wai" is not in/],
    [
      'a score that is not a number, without quoting it',
      'client,session,wai\na,1,4\na,2,very low\n',
      /^rapport: column "wai" is not numeric \(data row 2\)\n$/,
    ],
    [
      'a time that is not a number',
      'client,session,wai\na,one,4\n',
      /^rapport: column "session" is not numeric \(data row 1\)\n$/,
    ],
    [
      'the same id and time twice',
      'client,session,wai\na,1,4\na,2,4\na,1,3\n',
      /^rapport: data row 3 repeats the id and time of an earlier row\n$/,
    ],
  ])('%s', async (_, text, message) => {
    const result = await ruptures(csv('bad.csv', text));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it.each([
    [['--k', '0'], /^rapport: --k must be positive\n$/],
    [['--window', '1.5'], /^rapport: --window must be a whole number\n$/],
    [['--pooled-sd', 'big'], /^rapport: --pooled-sd must be a positive number or "auto"\n$/],
  ])('option %j', async (extra, message) => {
    const result = await ruptures(file, ...extra);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });
});

describe('rapport stats ruptures and the alerts use the same rule', () => {
  it('finds what detectRuptures finds on the total of 60 synthetic clients', async () => {
    const cohort = generateAllianceCohort({ clients: 60, seed: 'cli-agrees-with-alerts' });
    const csvRows = cohort.flatMap((client) =>
      client.history.ratings
        .filter((r) => r.role === 'client')
        .map((r) => `${client.clientId},${r.session},${r.scores.total}`),
    );
    const result = await ruptures(csv('cohort.csv', `client,session,wai\n${csvRows.join('\n')}\n`));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const { rupture, repair } = DEFAULT_ALLIANCE_RULE_PARAMETERS;
    const alerts = cohort.flatMap((client) =>
      detectRuptures(client.history, { ...rupture, scales: ['total'] }, repair).map((f) => ({
        id: client.clientId,
        time: f.session,
        score: f.evidence.score,
        baseline: f.evidence.baseline,
        threshold: f.evidence.threshold,
        status: f.status,
        repairedAt: f.evidence.repairedAt?.session ?? null,
      })),
    );
    expect(alerts.length).toBeGreaterThan(20);
    expect(lines(result.stdout)).toEqual(alerts);
  });
});
