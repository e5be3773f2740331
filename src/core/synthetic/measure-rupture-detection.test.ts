import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../alliance/alliance-rule-parameters.ts';
import { buildTotals } from '../alliance/build-test-history.ts';
import {
  generateAllianceCohort,
  type SyntheticAllianceClient,
} from './generate-alliance-cohort.ts';
import {
  measureRuptureDetection,
  measureRuptureDetectionByK,
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

describe('rupture detection on a realistic synthetic cohort (500 clients, METHODS.md defaults)', () => {
  // Ruptures 2–3 of the client's own SDs deep and at least 0.6 points
  // (generate-alliance-cohort.ts). Measured for this seed: 280 injected; k = 1.5 gives
  // 202 TP, 254 FP, 78 FN → recall 0.721, precision 0.443 (k = 1: 0.746 / 0.287; k = 2:
  // 0.554 / 0.554). The 2,000-client run in bench/README.md gives 0.660 / 0.433.
  const cohort = generateAllianceCohort({ clients: 500, seed: 'alliance-cohort' });
  const [lenient, standard, strict] = measureRuptureDetectionByK(
    cohort,
    DEFAULT_ALLIANCE_RULE_PARAMETERS,
  );

  it('injects a few hundred ruptures', () => {
    const injected = cohort.reduce((sum, c) => sum + c.ruptures.length, 0);
    expect(injected).toBeGreaterThan(200);
  });

  it('holds its measured operating point (regression guard, not the target)', () => {
    expect(standard?.recall).toBeGreaterThanOrEqual(0.6);
    expect(standard?.precision).toBeGreaterThanOrEqual(0.38);
  });

  it('trades recall for precision as k grows (k = 1, 1.5, 2)', () => {
    expect(lenient?.recall).toBeGreaterThan(standard?.recall ?? 1);
    expect(standard?.recall).toBeGreaterThan(strict?.recall ?? 1);
    expect(lenient?.precision).toBeLessThan(standard?.precision ?? 0);
    expect(standard?.precision).toBeLessThan(strict?.precision ?? 0);
  });

  // Issue 6 asks for recall ≥ 0.9 and precision ≥ 0.8 at the defaults. On ruptures of
  // realistic depth this is NOT met (0.72 / 0.44 here), and no k meets it: a single score
  // against a three-session baseline cannot separate a 2–3 SD dip from noise that well
  // (docs/alliance-engine.md, "Detection accuracy"). Kept as a known failure so that the
  // gap stays visible; `it.fails` turns red the day the target is reached.
  it.fails('meets the issue-6 target: recall ≥ 0.9 and precision ≥ 0.8 (known gap)', () => {
    expect(standard?.recall).toBeGreaterThanOrEqual(0.9);
    expect(standard?.precision).toBeGreaterThanOrEqual(0.8);
  });
});
