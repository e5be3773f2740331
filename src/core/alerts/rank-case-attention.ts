import type { AllianceFindingType, FindingSeverity } from '../alliance/alliance-finding.ts';

/**
 * How much a case needs its therapist before the next session, for ordering a caseload:
 * an urgent alert first, then an open rupture, then any other open alert, then forms
 * still waiting for an answer, then nothing. Lower ranks come first.
 */
export type AttentionLevel = 'urgent' | 'rupture' | 'alert' | 'forms' | 'none';

export const ATTENTION_RANK: Record<AttentionLevel, number> = {
  urgent: 0,
  rupture: 1,
  alert: 2,
  forms: 3,
  none: 4,
};

/** The alert types that are ruptures or their direct consequence. */
const RUPTURE_TYPES: readonly string[] = ['rupture', 'self-reported-rupture', 'disengagement'];

export interface UnresolvedAlertSummary {
  type: AllianceFindingType | string;
  severity: FindingSeverity;
}

/**
 * The attention level of one case from its unresolved (open or acknowledged) alerts and
 * its outstanding forms. Good news (severity info) does not raise attention.
 */
export function rankCaseAttention(
  unresolved: readonly UnresolvedAlertSummary[],
  outstandingForms: number,
): AttentionLevel {
  if (unresolved.some((a) => a.severity === 'urgent')) return 'urgent';
  const needing = unresolved.filter((a) => a.severity !== 'info');
  if (needing.some((a) => RUPTURE_TYPES.includes(a.type))) return 'rupture';
  if (needing.length > 0) return 'alert';
  return outstandingForms > 0 ? 'forms' : 'none';
}
