import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import { detectRuptureEpisodes } from './detect-rupture-episodes.ts';

const { rupture: defaults, repair } = DEFAULT_ALLIANCE_RULE_PARAMETERS;
const toPoints = (scores: readonly number[]) =>
  scores.map((score, i) => ({ session: i + 1, score }));

// Hand-worked with the docs/methods.md defaults: w = 3, k = 1.5, stricter with pooled SD 0.6,
// fallback drop 1.0, h = 3, ε = 0.1. SDs are sample SDs (n − 1), as R's sd().
const cases = [
  {
    name: 'V-shaped rupture and repair',
    // s4: prior 4.0, 4.2, 4.4 → baseline 4.2; own SD = √(0.08/2) = 0.2; stricter max(0.2, 0.6)
    // = 0.6; threshold 4.2 − 1.5·0.6 = 3.3; 3.0 ≤ 3.3 → rupture. Repair target 4.2 − 0.1
    // = 4.1: s5 3.8 no, s6 4.3 yes → repaired at s6. s7: baseline (3.8+4.3+4.4)/3 = 4.17, no.
    scores: [4.0, 4.2, 4.4, 3.0, 3.8, 4.3, 4.4],
    rupture: {},
    expected: [
      {
        session: 4,
        method: 'idiographic',
        baseline: 4.2,
        threshold: 3.3,
        status: 'repaired',
        repairedAt: 6,
      },
    ],
  },
  {
    name: 'unresolved drop',
    // s4: prior 4.5, 4.4, 4.6 → baseline 4.5; own SD = √(0.02/2) = 0.1 → 0.6; threshold
    // 4.5 − 0.9 = 3.6; 3.5 ≤ 3.6 → rupture. Target 4.4: 3.6, 3.7, 3.6 never → unresolved.
    scores: [4.5, 4.4, 4.6, 3.5, 3.6, 3.7, 3.6],
    rupture: {},
    expected: [
      {
        session: 4,
        method: 'idiographic',
        baseline: 4.5,
        threshold: 3.6,
        status: 'unresolved',
        repairedAt: null,
      },
    ],
  },
  {
    name: 'drop still inside its repair window',
    // As above with two of the three follow-up scores in → open.
    scores: [4.5, 4.4, 4.6, 3.5, 3.6, 3.7],
    rupture: {},
    expected: [
      {
        session: 4,
        method: 'idiographic',
        baseline: 4.5,
        threshold: 3.6,
        status: 'open',
        repairedAt: null,
      },
    ],
  },
  {
    name: 'stable series with small wobbles does not alarm (stricter)',
    // s5: prior 4.20, 4.25, 4.20, 4.25 → baseline (4.25+4.20+4.25)/3 = 4.2333; own SD =
    // √(4·0.025²/3) = 0.0289; own threshold 4.2333 − 0.0433 = 4.19 would flag 4.05, but
    // stricter uses max(0.0289, 0.6) = 0.6 → 4.2333 − 0.9 = 3.3333; 4.05 > 3.3333 → none.
    scores: [4.2, 4.25, 4.2, 4.25, 4.05, 4.2],
    rupture: {},
    expected: [],
  },
  {
    name: 'the same wobble alarms with stricter off (own SD only)',
    // s5 threshold 4.19 as above; 4.05 ≤ 4.19 → rupture; s6 4.2 ≥ 4.2333 − 0.1 → repaired.
    scores: [4.2, 4.25, 4.2, 4.25, 4.05, 4.2],
    rupture: { stricter: false },
    expected: [
      {
        session: 5,
        method: 'idiographic',
        baseline: 4.2333333,
        threshold: 4.190032,
        status: 'repaired',
        repairedAt: 6,
      },
    ],
  },
  {
    name: 'fewer than three prior scores: absolute drop of 1.1 ≥ 1.0',
    // s2 has one prior score: 4.5 − 3.4 = 1.1 ≥ 1.0 → rupture; baseline = previous 4.5;
    // s3 3.5 < 4.4 and only one follow-up score → open.
    scores: [4.5, 3.4, 3.5],
    rupture: {},
    expected: [
      {
        session: 2,
        method: 'absolute-drop',
        baseline: 4.5,
        threshold: 3.5,
        status: 'open',
        repairedAt: null,
      },
    ],
  },
  {
    name: 'fewer than three prior scores: exactly the fallback drop fires',
    // s3 has two prior scores: 4.2 − 3.2 = 1.0 ≥ 1.0 → rupture; s4 4.3 ≥ 4.1 → repaired.
    scores: [4.0, 4.2, 3.2, 4.3],
    rupture: {},
    expected: [
      {
        session: 3,
        method: 'absolute-drop',
        baseline: 4.2,
        threshold: 3.2,
        status: 'repaired',
        repairedAt: 4,
      },
    ],
  },
  {
    name: 'fewer than three prior scores: a 0.8 drop is not enough',
    scores: [4.5, 3.7],
    rupture: {},
    expected: [],
  },
  {
    name: 'a flat series with stricter off never fires on an unchanged score (SD 0)',
    // s4: baseline 4, own SD 0 → threshold 4; 4 ≤ 4 but not < baseline → none.
    scores: [4, 4, 4, 4, 4],
    rupture: { stricter: false },
    expected: [],
  },
  {
    name: 'a deeper dip inside an open rupture is the same rupture',
    // s4 rupture as in "unresolved drop"; s5 2.5 would fire on its own (baseline
    // (4.4+4.6+3.5)/3 = 4.17, SD of 4.5,4.4,4.6,3.5 = 0.50 → max 0.6, threshold 3.27) but the s4
    // rupture is still open, so it is not a second finding. Back to 4.5 at s6 → repaired.
    scores: [4.5, 4.4, 4.6, 3.5, 2.5, 4.5],
    rupture: {},
    expected: [
      {
        session: 4,
        method: 'idiographic',
        baseline: 4.5,
        threshold: 3.6,
        status: 'repaired',
        repairedAt: 6,
      },
    ],
  },
  {
    name: 'k = 2 (strict) misses a drop that k = 1.5 catches',
    // s4 as in the V: threshold 4.2 − 2·0.6 = 3.0; 3.2 > 3.0 → none (k = 1.5: 3.2 ≤ 3.3).
    scores: [4.0, 4.2, 4.4, 3.2, 4.2],
    rupture: { k: 2 },
    expected: [],
  },
] as const;

describe('detectRuptureEpisodes', () => {
  it.each(cases)('$name', ({ scores, rupture, expected }) => {
    const episodes = detectRuptureEpisodes(toPoints(scores), { ...defaults, ...rupture }, repair);
    expect(episodes).toHaveLength(expected.length);
    episodes.forEach((episode, i) => {
      const want = expected[i];
      if (!want) throw new Error('unexpected episode');
      expect(episode.point.session).toBe(want.session);
      expect(episode.method).toBe(want.method);
      expect(episode.baseline).toBeCloseTo(want.baseline, 6);
      expect(episode.threshold).toBeCloseTo(want.threshold, 6);
      expect(episode.repair.status).toBe(want.status);
      expect(episode.repair.repairedAt?.session ?? null).toBe(want.repairedAt);
    });
  });

  it('uses the own SD when no pooled SD is known, even when stricter', () => {
    // Same wobble as above: pooled SD null → own SD 0.0289 → threshold 4.19 → fires at s5.
    const episodes = detectRuptureEpisodes(
      toPoints([4.2, 4.25, 4.2, 4.25, 4.05]),
      { ...defaults, pooledSd: null },
      repair,
    );
    expect(episodes.map((e) => [e.point.session, e.sd])).toEqual([
      [5, expect.closeTo(0.028868, 5)],
    ]);
  });
});
