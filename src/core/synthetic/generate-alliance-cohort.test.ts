import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLIANCE_COHORT_OPTIONS,
  generateAllianceCohort,
} from './generate-alliance-cohort.ts';

describe('generateAllianceCohort', () => {
  it('is reproducible from its seed', () => {
    expect(generateAllianceCohort({ clients: 20, seed: 7 })).toEqual(
      generateAllianceCohort({ clients: 20, seed: 7 }),
    );
    expect(generateAllianceCohort({ clients: 20, seed: 7 })).not.toEqual(
      generateAllianceCohort({ clients: 20, seed: 8 }),
    );
  });

  it('keeps scores on the WAI-SR range and grid, and records ruptures where the rule can apply', () => {
    const cohort = generateAllianceCohort({ clients: 300, seed: 'shape' });
    const o = DEFAULT_ALLIANCE_COHORT_OPTIONS;
    const offGrid: number[] = [];
    const misplaced: string[] = [];
    // Every client has ratings, so the grid check below looks at every client's scores.
    expect(cohort.filter((c) => c.history.ratings.length === 0)).toEqual([]);
    for (const client of cohort) {
      for (const rating of client.history.ratings) {
        for (const value of Object.values(rating.scores)) {
          if (value < 1 || value > 5 || Math.abs(value * 12 - Math.round(value * 12)) > 1e-9)
            offGrid.push(value);
        }
      }
      for (const r of client.ruptures) {
        const ok =
          r.session >= o.earliestRuptureSession &&
          r.depth >= o.minimumDepth &&
          r.depthInSd >= o.depthInSd.min - 1e-9;
        if (!ok) misplaced.push(`${r.caseId}@${r.session}`);
      }
    }
    expect(offGrid).toEqual([]);
    expect(misplaced).toEqual([]);
    // Roughly the configured mix: half the clients with no rupture.
    const without = cohort.filter((c) => c.ruptures.length === 0).length / cohort.length;
    expect(without).toBeGreaterThan(0.4);
    expect(without).toBeLessThan(0.6);
  });

  it('puts a visible drop at each injected rupture', () => {
    const cohort = generateAllianceCohort({ clients: 200, seed: 'drops' });
    let drops = 0;
    let total = 0;
    for (const client of cohort) {
      const totals = new Map(
        client.history.ratings
          .filter((r) => r.role === 'client')
          .map((r) => [r.session, r.scores.total as number]),
      );
      for (const r of client.ruptures) {
        total++;
        if ((totals.get(r.session) as number) < (totals.get(r.session - 1) as number)) drops++;
      }
    }
    expect(drops / total).toBeGreaterThan(0.9);
  });
});
