import type { AllianceCaseHistory } from './alliance-case-history.ts';
import type {
  DisengagementEvidence,
  DisengagementFinding,
  RuptureFinding,
  SelfReportedRuptureFinding,
} from './alliance-finding.ts';
import type { DisengagementParameters } from './alliance-rule-parameters.ts';
import { finaliseFinding } from './finalise-finding.ts';
import type { FindingMessage } from './finding-message.ts';

/**
 * Disengagement after a rupture (issue 6; unrepaired ruptures go with dropout, Safran &
 * Muran 2000): cancellations or no-shows among the `withinSessions` booked sessions that
 * follow a rupture session (sessions t+1..t+N by number), at least `minMissed` of them.
 * The ruptures are the idiographic ones (any status: a V can still precede a drop-out)
 * and the self-reported ones; one finding per rupture, keyed by the rupture's key.
 */
export function detectDisengagement(
  history: AllianceCaseHistory,
  ruptures: readonly (RuptureFinding | SelfReportedRuptureFinding)[],
  parameters: DisengagementParameters,
): DisengagementFinding[] {
  const findings: DisengagementFinding[] = [];
  // One finding per client and rupture session, even when several rules saw the same session.
  const seen = new Set<string>();
  const ordered = [...ruptures].sort((a, b) => a.session - b.session || (a.key < b.key ? -1 : 1));
  for (const rupture of ordered) {
    const respondentId = rupture.respondentIds[0] as string;
    const id = `${respondentId}\u0000${rupture.session}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const missed: DisengagementEvidence['missedSessions'][number][] = [];
    for (const s of history.sessions) {
      if (s.number <= rupture.session || s.number > rupture.session + parameters.withinSessions)
        continue;
      if (s.attendance === 'cancelled' || s.attendance === 'no-show') {
        missed.push({ session: s.number, date: s.date, attendance: s.attendance });
      }
    }
    if (missed.length < parameters.minMissed) continue;
    missed.sort((a, b) => a.session - b.session);
    const explanation: FindingMessage = {
      key:
        rupture.type === 'rupture' ? 'disengagement.afterScoreDrop' : 'disengagement.afterTension',
      params: {
        session: rupture.session,
        count: missed.length,
        missed: missed.map((m) => ({
          key: m.attendance === 'no-show' ? 'disengagement.noShow' : 'disengagement.cancellation',
          params: { session: m.session },
        })),
      },
    };
    findings.push(
      finaliseFinding<DisengagementFinding>({
        key: `disengagement:${history.caseId}:${respondentId}:s${rupture.session}`,
        type: 'disengagement',
        severity: 'warning',
        status: 'active',
        caseId: history.caseId,
        respondentIds: [respondentId],
        session: (missed[0] as { session: number }).session,
        latestSession: (missed.at(-1) as { session: number }).session,
        explanation,
        rule: 'detect-disengagement',
        parameters,
        evidence: {
          respondentId,
          ruptureKey: rupture.key,
          ruptureSession: rupture.session,
          missedSessions: missed,
        },
      }),
    );
  }
  return findings;
}
