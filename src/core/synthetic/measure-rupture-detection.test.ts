import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../alliance/alliance-rule-parameters.ts';
import { buildTotals } from '../../../test/helpers/build-test-history.ts';
import {
  generateAllianceCohort,
  type SyntheticAllianceClient,
} from './generate-alliance-cohort.ts';
import {
  measureRuptureDetection,
  measureRuptureDetectionByK,
  scoreRuptureDetections,
} from './measure-rupture-detection.ts';

function handClient(totals: number[], injected: number[]): SyntheticAllianceClient {
  return {
    clientId: 'c1',
    mean: 4,
    sd: 0.3,
    trend: 0,
    history: {
      caseId: 'x',
      sessions: [],
      ratings: buildTotals('c1', totals),
      feedback: [],
      outcomes: [],
      reliableChanges: [],
    },
    ruptures: injected.map((session) => ({
      caseId: 'x',
      clientId: 'c1',
      session,
      depth: 1,
      depthInSd: 3,
      depthInOwnSd: 3,
      repaired: true,
      repairedBySession: session + 1,
    })),
  };
}

describe('measureRuptureDetection', () => {
  it('matches detections to injected ruptures at exactly the injected session', () => {
    // Detected at s4 (see detect-rupture-episodes.test.ts). Injected at s4 → TP; injected
    // at s5 → the s4 detection is a FP and s5 a FN; no injection → FP.
    const score = measureRuptureDetection(
      [
        handClient([4.0, 4.2, 4.4, 3.0, 4.3], [4]),
        handClient([4.0, 4.2, 4.4, 3.0, 4.3], [5]),
        handClient([4.0, 4.2, 4.4, 3.0, 4.3], []),
        handClient([4.0, 4.2, 4.4, 4.3, 4.3], [3]),
      ],
      DEFAULT_ALLIANCE_RULE_PARAMETERS,
    );
    expect(score).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 2 });
    expect(score.recall).toBeCloseTo(1 / 3, 9);
    expect(score.precision).toBeCloseTo(1 / 3, 9);
  });
});

describe('scoreRuptureDetections', () => {
  it('scores any detector by the same exact-session matching', () => {
    // Every client "detected" at s4 and s6: client 1 (injected s4) → 1 TP, 1 FP; client 2
    // (injected s5) → 2 FP, 1 FN; client 3 (none) → 2 FP. Counted by hand.
    const flat = [4, 4, 4, 4, 4, 4];
    const score = scoreRuptureDetections(
      [handClient(flat, [4]), handClient(flat, [5]), handClient(flat, [])],
      () => [4, 6],
    );
    expect(score).toEqual({
      truePositives: 1,
      falsePositives: 5,
      falseNegatives: 1,
      recall: 0.5,
      precision: 1 / 6,
    });
  });
});

describe('rupture detection on a realistic synthetic cohort (2,000 clients, docs/methods.md defaults)', () => {
  // Ruptures 2.5–3.5 of the SDs the default rule judges each client by (max of own SD and
  // the interindividual 0.6), i.e. one to two SDs beyond the threshold at k = 1.5, and never
  // shallower than 0.6 points (generate-alliance-cohort.ts). Measured for this seed: 1,141
  // injected; k = 1.5 gives recall 0.919, precision 0.843 (k = 1: 0.904 / 0.607; k = 2:
  // 0.873 / 0.927). Seven other seeds: recall 0.913–0.940, precision 0.829–0.868.
  const cohort = generateAllianceCohort({ clients: 2000, seed: 'alliance-cohort' });
  const [lenient, standard, strict] = measureRuptureDetectionByK(
    cohort,
    DEFAULT_ALLIANCE_RULE_PARAMETERS,
  );

  it('injects about a thousand ruptures', () => {
    const injected = cohort.reduce((sum, c) => sum + c.ruptures.length, 0);
    expect(injected).toBeGreaterThan(900);
  });

  it('meets the issue-6 target at the defaults: recall ≥ 0.9 and precision ≥ 0.8', () => {
    expect(standard?.k).toBe(1.5);
    expect(standard?.recall).toBeGreaterThanOrEqual(0.9);
    expect(standard?.precision).toBeGreaterThanOrEqual(0.8);
  });

  it.each(['second-cohort', 'third-cohort'])(
    'meets it on another seed too (%s), so the target is not one lucky draw',
    (seed) => {
      const other = measureRuptureDetection(
        generateAllianceCohort({ clients: 2000, seed }),
        DEFAULT_ALLIANCE_RULE_PARAMETERS,
      );
      expect(other.recall).toBeGreaterThanOrEqual(0.9);
      expect(other.precision).toBeGreaterThanOrEqual(0.8);
    },
  );

  it('buys precision with recall as k grows from 1.5 to 2, and loses precision at k = 1', () => {
    expect(standard?.recall).toBeGreaterThan(strict?.recall ?? 1);
    expect(lenient?.precision).toBeLessThan(standard?.precision ?? 0);
    expect(standard?.precision).toBeLessThan(strict?.precision ?? 0);
  });

  it('would not meet it with the old within-client reading of the pooled SD (0.3)', () => {
    // Why the pooled SD is the interindividual one (Gumz et al. 2012): with a pooled
    // within-client SD the floor rarely lifts a threshold, and noise alarms swamp precision.
    const within = measureRuptureDetection(cohort, {
      ...DEFAULT_ALLIANCE_RULE_PARAMETERS,
      rupture: { ...DEFAULT_ALLIANCE_RULE_PARAMETERS.rupture, pooledSd: 0.3 },
    });
    expect(within.precision).toBeLessThan(0.8);
  });
});
