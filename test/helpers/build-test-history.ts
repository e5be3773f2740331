import type {
  AllianceCaseHistory,
  AllianceRating,
  AllianceScaleScores,
  AllianceSession,
} from '../../src/core/alliance/alliance-case-history.ts';

/**
 * Test-only builders for hand-worked histories: a case where every session was attended,
 * and client forms from a plain list of totals (or per-scale lists).
 */
export function buildTestHistory(
  overrides: Partial<AllianceCaseHistory> = {},
): AllianceCaseHistory {
  return {
    caseId: 'case-1',
    sessions: [],
    ratings: [],
    feedback: [],
    outcomes: [],
    reliableChanges: [],
    ...overrides,
  };
}

export function buildAttendedSessions(count: number): AllianceSession[] {
  return Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    date: `2026-01-${String(i + 1).padStart(2, '0')}`,
    attendance: 'attended' as const,
  }));
}

/** Client forms with the given scores per session (session i + 1 gets entry i; null skips). */
export function buildClientRatings(
  respondentId: string,
  scoresBySession: readonly (AllianceScaleScores | null)[],
): AllianceRating[] {
  return scoresBySession.flatMap((scores, i) =>
    scores === null ? [] : [{ session: i + 1, respondentId, role: 'client' as const, scores }],
  );
}

/** Client forms with only a total per session. */
export function buildTotals(
  respondentId: string,
  totals: readonly (number | null)[],
): AllianceRating[] {
  return buildClientRatings(
    respondentId,
    totals.map((total) => (total === null ? null : { total })),
  );
}
