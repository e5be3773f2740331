import { ATTENTION_RANK, type AttentionLevel } from '../alerts/rank-case-attention.ts';

/** What ordering by attention needs of a caseload row (src/core/api/caseload.ts). */
export interface AttentionOrderable {
  attention: AttentionLevel;
  nextSession: { startsAt: string } | null;
  reference: string;
}

/**
 * "The caseload sorts by what needs attention before the next session" (issue 6): the
 * attention level first (urgent > open rupture > other open alert > outstanding forms >
 * nothing), then the sooner next session, then cases with none, then the reference so the
 * order is stable. Shared by GET /api/caseload and the caseload page's default sort.
 */
export function compareByAttention(a: AttentionOrderable, b: AttentionOrderable): number {
  const rank = ATTENTION_RANK[a.attention] - ATTENTION_RANK[b.attention];
  if (rank !== 0) return rank;
  const an = a.nextSession?.startsAt ?? null;
  const bn = b.nextSession?.startsAt ?? null;
  if (an !== bn) {
    if (an === null) return 1;
    if (bn === null) return -1;
    return Date.parse(an) - Date.parse(bn);
  }
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}
