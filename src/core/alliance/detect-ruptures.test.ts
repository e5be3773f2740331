import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../alerts/render-finding-message.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from './alliance-rule-parameters.ts';
import {
  buildClientRatings,
  buildTestHistory,
  buildTotals,
} from '../../../test/helpers/build-test-history.ts';
import { detectRuptures } from './detect-ruptures.ts';

const { rupture, repair } = DEFAULT_ALLIANCE_RULE_PARAMETERS;

describe('detectRuptures', () => {
  it.each([
    {
      name: 'V-shaped rupture and repair reads as good news',
      // Arithmetic in detect-rupture-episodes.test.ts: baseline 4.2, threshold 3.3.
      ratings: buildTotals('c1', [4.0, 4.2, 4.4, 3.0, 3.8, 4.3, 4.4]),
      expected: [
        {
          key: 'rupture:case-1:c1:total:s4',
          severity: 'info',
          status: 'repaired',
          explanation:
            'Overall alliance dipped from 4.2 to 3.0 after session 4 and was back to 4.3 by session 6: a repaired rupture, which tends to go with better outcomes.',
        },
      ],
    },
    {
      name: 'unresolved drop',
      ratings: buildTotals('c1', [4.5, 4.4, 4.6, 3.5, 3.6, 3.7, 3.6]),
      expected: [
        {
          key: 'rupture:case-1:c1:total:s4',
          severity: 'warning',
          status: 'unresolved',
          explanation:
            "Overall alliance fell from 4.5 to 3.5 after session 4, more than 1.5 × the usual spread of alliance scores between clients (wider than this client's own variation), and has not come back in the 3 sessions since: an unrepaired rupture worth raising with the client.",
        },
      ],
    },
    {
      name: "a volatile client's threshold is their own variation, and the sentence says so",
      // No early drop reaches the 1.0 fallback (s3: −0.9); s4 rises. s5: prior 3.2, 4.1, 3.2,
      // 4.6 → own SD √(1.4475/3) = 0.695 > pooled 0.6; baseline (4.1 + 3.2 + 4.6)/3 = 3.97;
      // threshold 3.97 − 1.5·0.695 = 2.92; 2.4 ≤ 2.92 → rupture, measured in the own SD.
      ratings: buildTotals('c1', [3.2, 4.1, 3.2, 4.6, 2.4]),
      expected: [
        {
          key: 'rupture:case-1:c1:total:s5',
          severity: 'warning',
          status: 'open',
          explanation:
            "Overall alliance fell from 4.0 to 2.4 after session 5, more than 1.5 × this client's usual variation.",
        },
      ],
    },
    {
      name: 'a drop on the bond alone does not alert by default (subscales are noisy)',
      ratings: buildClientRatings(
        'c1',
        [4.4, 4.6, 4.5, 4.4, 4.6, 4.5, 3.0].map((bond, i) => ({
          bond,
          total: i === 6 ? 4.0 : 4.3,
        })),
      ),
      expected: [],
    },
    {
      name: 'a drop on the bond alone raises a bond alert when the clinic opts in',
      alertScales: ['total', 'bond'] as const,
      // Bond s7: prior 4.4, 4.6, 4.5, 4.4, 4.6, 4.5 → baseline (4.4+4.6+4.5)/3 = 4.5; own SD
      // √(0.04/5) = 0.089 → stricter 0.3 → threshold 4.05; 3.0 ≤ 4.05. The total (4.3, 4.3,
      // 4.3, 4.3, 4.3, 4.3, 4.0) stays above 4.3 − 0.45 = 3.85, so no total rupture.
      ratings: buildClientRatings(
        'c1',
        [4.4, 4.6, 4.5, 4.4, 4.6, 4.5, 3.0].map((bond, i) => ({
          bond,
          total: i === 6 ? 4.0 : 4.3,
        })),
      ),
      expected: [
        {
          key: 'rupture:case-1:c1:bond:s7',
          severity: 'warning',
          status: 'open',
          explanation:
            "Bond fell from 4.5 to 3.0 after session 7, more than 1.5 × the usual spread of alliance scores between clients (wider than this client's own variation).",
        },
      ],
    },
    {
      name: 'a drop on the total and the bond is one alert on the total, naming the bond',
      ratings: buildClientRatings(
        'c1',
        [4.0, 4.2, 4.4, 3.0].map((total, i) => ({ total, bond: i === 3 ? 3.0 : 4.5 })),
      ),
      expected: [
        {
          key: 'rupture:case-1:c1:total:s4',
          severity: 'warning',
          status: 'open',
          explanation:
            "Overall alliance fell from 4.2 to 3.0 after session 4, more than 1.5 × the usual spread of alliance scores between clients (wider than this client's own variation).",
        },
      ],
    },
    {
      name: 'too early for the idiographic rule: the fallback says so',
      ratings: buildTotals('c1', [4.5, 3.4]),
      expected: [
        {
          key: 'rupture:case-1:c1:total:s2',
          severity: 'warning',
          status: 'open',
          explanation:
            "Overall alliance fell from 4.5 to 3.4 after session 2, a drop of at least 1 point, as it is too early to know this client's usual variation.",
        },
      ],
    },
    {
      name: 'the therapist’s own forms are not examined for ruptures',
      ratings: buildTotals('t1', [4.0, 4.2, 4.4, 3.0]).map((r) => ({
        ...r,
        role: 'therapist' as const,
      })),
      expected: [],
    },
  ])('$name', ({ ratings, expected, ...rest }) => {
    const alertScales = ('alertScales' in rest && rest.alertScales) || rupture.alertScales;
    const findings = detectRuptures(
      buildTestHistory({ ratings }),
      { ...rupture, alertScales },
      repair,
    );
    expect(
      findings.map(({ key, severity, status, explanation }) => ({
        key,
        severity,
        status,
        explanation: renderFindingMessageIn('en', explanation),
      })),
    ).toEqual(expected);
  });

  it('stores the evidence and the parameters with the finding', () => {
    const ratings = buildClientRatings(
      'c1',
      [4.0, 4.2, 4.4, 3.0].map((total, i) => ({ total, bond: i === 3 ? 3.0 : 4.5 })),
    );
    const [finding] = detectRuptures(buildTestHistory({ ratings }), rupture, repair);
    expect(finding?.parameters).toEqual({ rupture, repair });
    expect(finding?.evidence).toMatchObject({
      scale: 'total',
      method: 'idiographic',
      score: 3.0,
      previousScore: 4.4,
      baseline: expect.closeTo(4.2, 9),
      ownSd: expect.closeTo(0.2, 9),
      pooledSd: 0.6,
      sd: 0.6,
      threshold: expect.closeTo(3.3, 9),
      priorScores: [
        { session: 1, score: 4.0 },
        { session: 2, score: 4.2 },
        { session: 3, score: 4.4 },
      ],
      // Bond: baseline 4.5, SD 0 → 0.6, threshold 3.6.
      alsoOnScales: [{ scale: 'bond', score: 3.0, threshold: expect.closeTo(3.6, 9) }],
    });
  });
});
