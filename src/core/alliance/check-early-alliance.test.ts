import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import { buildTestHistory, buildTotals } from '../../../test/helpers/build-test-history.ts';
import { checkEarlyAlliance } from './check-early-alliance.ts';

const parameters = DEFAULT_ALLIANCE_RULE_PARAMETERS.earlyCheckpoint;

// Defaults: by session 5, minimum level 3.0, falling when the OLS slope < −0.15 per session.
// Sessions x = 1..5 have x̄ = 3 and Σ(x − x̄)² = 10.
describe('checkEarlyAlliance', () => {
  it.each([
    {
      name: 'not established: latest 2.7 < 3.0 (slope −0.07 is not falling)',
      // ȳ = 2.84; Σ(x−x̄)(y−ȳ) = −2·0.16 − 1·0.06 + 0 + 1·(−0.04) + 2·(−0.14) = −0.70 → −0.07.
      totals: [3.0, 2.9, 2.8, 2.8, 2.7],
      expected: {
        belowLevel: true,
        falling: false,
        slope: -0.07,
        explanation:
          "By session 5 the alliance is not yet established: the latest overall alliance (session 5) was 2.7, below the plan's level of 3.0.",
      },
    },
    {
      name: 'falling: slope −0.23 < −0.15 although the latest 3.6 is above 3.0',
      // ȳ = 4.04; Σ(x−x̄)(y−ȳ) = −2·0.46 − 1·0.26 + 0 + 1·(−0.24) + 2·(−0.44) = −2.30 → −0.23.
      totals: [4.5, 4.3, 4.0, 3.8, 3.6],
      expected: {
        belowLevel: false,
        falling: true,
        slope: -0.23,
        explanation:
          'By session 5 the alliance is not yet established: it fell by 0.23 points per session over sessions 1–5.',
      },
    },
    {
      name: 'established and stable: latest 4.0, slope +0.05',
      // ȳ = 3.96; Σ = 0.32 − 0.04 + 0 + 0.14 + 0.08 = 0.50 → +0.05.
      totals: [3.8, 4.0, 3.9, 4.1, 4.0],
      expected: null,
    },
    {
      name: 'not yet at session 5: nothing to say',
      totals: [3.0, 2.5, 2.2, 2.0],
      expected: null,
    },
    {
      name: 'session 5 missed, session 6 rated: judged on sessions 1–4',
      // Latest of sessions ≤ 5 is s4 = 2.9 < 3.0. Slope over 1..4: x̄ 2.5, ȳ 3.05,
      // Σ(x−x̄)(y−ȳ) = −1.5·0.15 − 0.5·0.05 + 0.5·(−0.05) + 1.5·(−0.15) = −0.5; Σ(x−x̄)² = 5 → −0.1.
      totals: [3.2, 3.1, 3.0, 2.9, null, 3.5],
      expected: {
        belowLevel: true,
        falling: false,
        slope: -0.1,
        explanation:
          "By session 5 the alliance is not yet established: the latest overall alliance (session 4) was 2.9, below the plan's level of 3.0.",
      },
    },
  ])('$name', ({ totals, expected }) => {
    const findings = checkEarlyAlliance(
      buildTestHistory({ ratings: buildTotals('c1', totals) }),
      parameters,
    );
    if (expected === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: 'early-checkpoint:case-1:c1:s5',
      severity: 'warning',
      evidence: { belowLevel: expected.belowLevel, falling: expected.falling },
    });
    expect(renderFindingMessageIn('en', findings[0]!.explanation)).toBe(expected.explanation);
    expect(findings[0]?.evidence.slope).toBeCloseTo(expected.slope, 9);
  });
});
