import { describe, expect, it } from 'vitest';
import type { AllianceCaseHistory, AllianceRating } from './alliance-case-history.ts';
import { analyseCase } from './analyse-case.ts';
import { resolveAllianceRuleParameters } from './alliance-rule-parameters.ts';
import {
  buildAttendedSessions,
  buildClientRatings,
  buildTestHistory,
} from '../../../test/helpers/build-test-history.ts';
import { createSeededRandom } from '../random/seeded-random.ts';

// A couple (a, b) with one therapist (t1), seven booked sessions, s5 cancelled; worked by hand:
// - a, total 4.0, 4.2, 4.4, 3.0, (s5 —), 4.3, 4.4: s4 baseline 4.2, SD max(0.2, 0.6) = 0.6,
//   threshold 3.3 → rupture; s6 4.3 ≥ 4.1 → repaired (info, latest session 6).
// - a, sessions 1–5 (s1–s4 rated): latest 3.0 is not below 3.0, but the OLS slope over
//   s1–s4 is Σ(x−2.5)(y−3.9)/5 = (−0.15 − 0.15 + 0.25 − 1.35)/5 = −0.28 < −0.15 → early
//   checkpoint (falling). The rupture at s4 drags the early trend down too.
// - b, bond 4.0, 4.0, 4.0, 2.8, (—), 4.0, 4.0: s4 baseline 4.0, SD max(0, 0.6), threshold
//   3.1 → rupture; s6 4.0 ≥ 3.9 → repaired. Its total stays 4.0, so the bond alerts alone
//   (the test opts into bond alerts; by default only the total alerts).
// - s5 cancelled after both ruptures at s4 → disengagement for a and for b.
// - split at s4: bond 4.5 vs 2.8 = 1.7, total 3.0 vs 4.0 = 1.0 → flagged; s6: bond 0.5,
//   total 0.3 → resolved at s6 (info).
// - t1's whole-case form at s3: goal 4.5 vs a's 3.5 → D = −1.0 (flag); s4: 4.25 − 4.5 =
//   −0.25 → resolved at s4 (info). b's D_goal = 4.0 − 4.5 = −0.5 never flags.
// - b: PHQ-9 item 9 = 1 at s2 → urgent.
function buildCoupleCase(): AllianceCaseHistory {
  const aTotals = [4.0, 4.2, 4.4, 3.0, 3.8, 4.3, 4.4];
  const aRatings = buildClientRatings(
    'a',
    aTotals.map((total, i) => ({ total, bond: 4.5, goal: i === 2 ? 3.5 : 4.25, task: 4.25 })),
  );
  const bRatings = buildClientRatings(
    'b',
    aTotals.map((_, i) => ({
      total: 4.0,
      bond: i === 3 || i === 4 ? 2.8 : 4.0,
      goal: 4.0,
      task: 4.0,
    })),
  );
  const therapist: AllianceRating[] = [3, 4].map((session) => ({
    session,
    respondentId: 't1',
    role: 'therapist',
    scores: { goal: 4.5, task: 4.25, bond: 4.5, total: 4.4 },
  }));
  const sessions = buildAttendedSessions(8).map((s) =>
    s.number === 5 ? { ...s, attendance: 'cancelled' as const } : s,
  );
  return buildTestHistory({
    caseId: 'couple-1',
    sessions,
    // s5 was cancelled, so nobody rated it: drop those forms.
    ratings: [...aRatings, ...bRatings, ...therapist].filter((r) => r.session !== 5),
    outcomes: [
      { session: 1, respondentId: 'b', instrumentId: 'phq-9', total: 9, riskItemAnswer: 0 },
      { session: 2, respondentId: 'b', instrumentId: 'phq-9', total: 11, riskItemAnswer: 1 },
    ],
  });
}

describe('analyseCase', () => {
  it('finds each rule’s evidence in a couple case, urgent first', () => {
    const parameters = resolveAllianceRuleParameters({
      rupture: { alertScales: ['total', 'bond'] },
    });
    const findings = analyseCase(buildCoupleCase(), parameters);
    expect(findings.map((f) => [f.key, f.severity, f.status])).toEqual([
      ['risk-item:couple-1:b:phq-9:s2', 'urgent', 'active'],
      ['disengagement:couple-1:a:s4', 'warning', 'active'],
      ['disengagement:couple-1:b:s4', 'warning', 'active'],
      ['early-checkpoint:couple-1:a:s5', 'warning', 'active'],
      ['rupture:couple-1:a:total:s4', 'info', 'repaired'],
      ['rupture:couple-1:b:bond:s4', 'info', 'repaired'],
      ['split-alliance:couple-1:s4', 'info', 'resolved'],
      ['client-therapist-discrepancy:couple-1:a:t1:s3', 'info', 'resolved'],
    ]);
  });

  it('is idempotent: the same history gives the same keys and revisions', () => {
    const first = analyseCase(buildCoupleCase());
    const second = analyseCase(buildCoupleCase());
    expect(second).toEqual(first);
    expect(new Set(first.map((f) => f.key)).size).toBe(first.length);
  });

  it('does not depend on the order of the history’s rows', () => {
    const history = buildCoupleCase();
    const random = createSeededRandom('shuffle');
    const shuffle = <T>(items: readonly T[]) =>
      items
        .map((item) => ({ item, order: random.next() }))
        .sort((x, y) => x.order - y.order)
        .map((x) => x.item);
    const shuffled = {
      ...history,
      ratings: shuffle(history.ratings),
      sessions: shuffle(history.sessions),
      outcomes: shuffle(history.outcomes),
    };
    expect(analyseCase(shuffled)).toEqual(analyseCase(history));
  });

  it('a new score keeps the key and updates the finding: open → repaired', () => {
    const ratings = buildClientRatings(
      'c1',
      [4.0, 4.2, 4.4, 3.0].map((total) => ({ total })),
    );
    const before = analyseCase(buildTestHistory({ ratings }));
    const after = analyseCase(
      buildTestHistory({
        ratings: [
          ...ratings,
          { session: 5, respondentId: 'c1', role: 'client', scores: { total: 4.2 } },
        ],
      }),
    );
    expect(before.map((f) => [f.key, f.status, f.severity])).toEqual([
      ['rupture:case-1:c1:total:s4', 'open', 'warning'],
    ]);
    expect(after.map((f) => [f.key, f.status, f.severity])).toEqual([
      ['rupture:case-1:c1:total:s4', 'repaired', 'info'],
    ]);
    expect(after[0]?.revision).not.toBe(before[0]?.revision);
  });

  it('a later, unrelated score leaves a closed rupture untouched (same revision)', () => {
    // V at s4 repaired at s6 (see detect-rupture-episodes.test.ts); s8 adds nothing to it.
    const ratings = buildClientRatings(
      'c1',
      [4.0, 4.2, 4.4, 3.0, 3.8, 4.3, 4.4].map((total) => ({ total })),
    );
    const before = analyseCase(buildTestHistory({ ratings }));
    const after = analyseCase(
      buildTestHistory({
        ratings: [
          ...ratings,
          { session: 8, respondentId: 'c1', role: 'client', scores: { total: 4.5 } },
        ],
      }),
    );
    expect(after).toEqual(before);
  });

  it('a new score that changes nothing keeps the revision of earlier findings', () => {
    const split: AllianceRating[] = [
      { session: 1, respondentId: 'a', role: 'client', scores: { bond: 4.5 } },
      { session: 1, respondentId: 'b', role: 'client', scores: { bond: 3.0 } },
    ];
    const before = analyseCase(buildTestHistory({ ratings: split }));
    const after = analyseCase(
      buildTestHistory({
        ratings: [
          ...split,
          { session: 1, respondentId: 't1', role: 'therapist', scores: { bond: 4.0 } },
        ],
      }),
    );
    expect(after).toEqual(before);
  });

  it('stores the overridden parameters with each finding', () => {
    const parameters = resolveAllianceRuleParameters({ rupture: { k: 1, pooledSd: 0.2 } });
    const ratings = buildClientRatings(
      'c1',
      [4.0, 4.2, 4.4, 3.0].map((total) => ({ total })),
    );
    const [finding] = analyseCase(buildTestHistory({ ratings }), parameters);
    expect(finding?.type).toBe('rupture');
    expect(finding?.parameters).toMatchObject({
      rupture: { k: 1, pooledSd: 0.2, window: 3, stricter: true },
    });
    // k = 1, SD max(0.2, 0.2) = 0.2 → threshold 4.2 − 0.2 = 4.0.
    expect(finding?.type === 'rupture' && finding.evidence.threshold).toBeCloseTo(4.0, 9);
  });
});
