import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../alliance/alliance-rule-parameters.ts';
import { estimateInterindividualSd } from '../alliance/estimate-interindividual-sd.ts';
import { type CohortFamily, generateCohortFamily } from './generate-cohort-family.ts';
import { measureRuptureDetection } from './measure-rupture-detection.ts';

const clientTotals = (family: CohortFamily, seed: string, clients = 300) =>
  generateCohortFamily({ family, clients, seed });

describe('generateCohortFamily', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = clientTotals('ar1', 's', 5);
    expect(clientTotals('ar1', 's', 5)).toEqual(a);
    expect(clientTotals('ar1', 't', 5)).not.toEqual(a);
  });

  it('injects ruptures 1.0–1.6 points deep, each after at least three scores', () => {
    for (const family of ['ar1', 'plateau', 'gappy'] as const) {
      for (const client of clientTotals(family, 'depths')) {
        for (const rupture of client.ruptures) {
          expect(rupture.depth).toBeGreaterThanOrEqual(1.0);
          expect(rupture.depth).toBeLessThan(1.6);
          const before = client.history.ratings.filter((r) => r.session < rupture.session);
          expect(before.length).toBeGreaterThanOrEqual(3);
          expect(client.history.ratings.some((r) => r.session === rupture.session)).toBe(true);
        }
      }
    }
  });

  it('gives each family its own kind of series', () => {
    // ar1: a client's scores away from ruptures follow each other (lag-1 correlation of the
    // scores around the client's mean, pooled over clients, clearly positive); gappy: about
    // 15 % of sessions after the first are missed; plateau: the first half rises more than
    // the second.
    const lagCorrelation = (family: CohortFamily) => {
      let sxy = 0;
      let sxx = 0;
      for (const client of clientTotals(family, 'kinds')) {
        const totals = client.history.ratings.map((r) => r.scores.total!);
        const m = totals.reduce((s, x) => s + x, 0) / totals.length;
        for (let t = 1; t < totals.length; t++) sxy += (totals[t]! - m) * (totals[t - 1]! - m);
        for (const x of totals) sxx += (x - m) ** 2;
      }
      return sxy / sxx;
    };
    expect(lagCorrelation('ar1')).toBeGreaterThan(lagCorrelation('gappy') + 0.15);

    const gappy = clientTotals('gappy', 'kinds');
    const sessions = gappy.flatMap((c) => c.history.sessions.filter((s) => s.number > 1));
    const missed = sessions.filter((s) => s.attendance === 'no-show').length / sessions.length;
    expect(missed).toBeGreaterThan(0.12);
    expect(missed).toBeLessThan(0.18);
    expect(
      clientTotals('ar1', 'kinds').every(
        (c) => c.history.ratings.length === c.history.sessions.length,
      ),
    ).toBe(true);

    const rise = (from: number, to: number) => {
      let sum = 0;
      let n = 0;
      for (const client of clientTotals('plateau', 'kinds').filter(
        (c) => c.ruptures.length === 0,
      )) {
        const at = (s: number) => client.history.ratings.find((r) => r.session === s)?.scores.total;
        const a = at(from);
        const b = at(to);
        if (a !== undefined && b !== undefined) {
          sum += b - a;
          n++;
        }
      }
      return sum / n;
    };
    expect(rise(1, 4)).toBeGreaterThan(0.25);
    expect(Math.abs(rise(5, 8))).toBeLessThan(0.12);
  });
});

describe('the default rupture rule on held-out cohort families (issue 18, item 6)', () => {
  // Measured at the defaults (k 1.5, w 3, h 3, ε 0.1) on 1,500 clients per family, seed
  // "held-out"; the table with other k is in bench/README.md. The goal, recall ≥ 0.9 at
  // precision ≥ 0.8 for dips of 1.0 point or more, is NOT met on any of the three: recall is
  // 0.76–0.88. A dip of 1.0 against a threshold 0.9 (1.5 × the 0.6 floor) below a three-score
  // baseline is found only when the noise does not lift it by 0.1, about two times in three.
  const expected: Record<CohortFamily, Record<'stand-in' | 'measured', [number, number]>> = {
    ar1: { 'stand-in': [0.883, 0.976], measured: [0.883, 0.976] },
    plateau: { 'stand-in': [0.794, 0.952], measured: [0.762, 0.954] },
    gappy: { 'stand-in': [0.834, 0.918], measured: [0.795, 0.932] },
  };
  it.each(Object.keys(expected) as CohortFamily[])('%s', (family) => {
    const cohort = generateCohortFamily({ family, clients: 1500, seed: 'held-out' });
    const measured = estimateInterindividualSd(cohort.map((c) => c.history))!;
    const { rupture, repair } = DEFAULT_ALLIANCE_RULE_PARAMETERS;
    for (const [source, pooledSd] of [
      ['stand-in', rupture.pooledSd],
      ['measured', measured],
    ] as const) {
      const score = measureRuptureDetection(cohort, {
        ...DEFAULT_ALLIANCE_RULE_PARAMETERS,
        rupture: { ...rupture, pooledSd },
        repair,
      });
      const [recall, precision] = expected[family][source];
      expect(Math.abs(score.recall - recall), `${source} recall`).toBeLessThan(0.0005);
      expect(Math.abs(score.precision - precision), `${source} precision`).toBeLessThan(0.0005);
    }
  });
});
