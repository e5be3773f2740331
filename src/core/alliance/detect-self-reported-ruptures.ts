import type { AllianceCaseHistory } from './alliance-case-history.ts';
import type { SelfReportedRuptureFinding } from './alliance-finding.ts';
import type { SelfReportParameters } from './alliance-rule-parameters.ts';
import { finaliseFinding } from './finalise-finding.ts';
import type { FindingMessage } from './finding-message.ts';

/**
 * Self-reported rupture (docs/methods.md, "Self-reported rupture"): the end-of-session tension
 * item (0–4) at or above the threshold (default 2), reported with the resolution item. A
 * tension the client felt was resolved in the session is a repair already made: severity
 * info, framed as good news; otherwise a warning.
 */
export function detectSelfReportedRuptures(
  history: AllianceCaseHistory,
  parameters: SelfReportParameters,
): SelfReportedRuptureFinding[] {
  // Later duplicates of (respondent, session) win, as for ratings.
  const latest = new Map<string, (typeof history.feedback)[number]>();
  for (const item of history.feedback)
    latest.set(`${item.respondentId}\u0000${item.session}`, item);
  return [...latest.values()]
    .filter((item) => item.tension >= parameters.tensionThreshold)
    .sort((a, b) => a.session - b.session || (a.respondentId < b.respondentId ? -1 : 1))
    .map((item) => {
      const resolution = item.resolution ?? null;
      const resolved = resolution !== null && resolution >= parameters.resolvedThreshold;
      const counts = { session: item.session, tension: item.tension };
      const explanation: FindingMessage = resolved
        ? { key: 'selfReportedRupture.repaired', params: { ...counts, resolution } }
        : resolution === null
          ? { key: 'selfReportedRupture.notSaidResolved', params: counts }
          : { key: 'selfReportedRupture.littleResolved', params: { ...counts, resolution } };
      return finaliseFinding<SelfReportedRuptureFinding>({
        key: `self-reported-rupture:${history.caseId}:${item.respondentId}:s${item.session}`,
        type: 'self-reported-rupture',
        severity: resolved ? 'info' : 'warning',
        status: resolved ? 'repaired' : 'open',
        caseId: history.caseId,
        respondentIds: [item.respondentId],
        session: item.session,
        latestSession: item.session,
        explanation,
        rule: 'detect-self-reported-ruptures',
        parameters,
        evidence: { respondentId: item.respondentId, tension: item.tension, resolution },
      });
    });
}
