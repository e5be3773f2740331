import {
  ALLIANCE_SCALES,
  type AllianceCaseHistory,
  type AllianceRating,
  type AllianceScale,
} from './alliance-case-history.ts';
import type { DiscrepancyEvidence, DiscrepancyFinding } from './alliance-finding.ts';
import type { DiscrepancyParameters } from './alliance-rule-parameters.ts';
import { COMPARISON_TOLERANCE, roundScore } from './describe-alliance-values.ts';
import { finaliseFinding } from './finalise-finding.ts';
import { type FindingMessage, scaleMessage } from './finding-message.ts';
import { groupConsecutiveFlags } from './group-consecutive-flags.ts';

type PairedSession = DiscrepancyEvidence['sessions'][number];

/**
 * Client–therapist discrepancy (docs/methods.md): D = A_client − A_therapist on the same session
 * and metric, per subscale; flag |D| ≥ threshold (default 1.0) on goal or task — the
 * therapist pursuing goals or tasks that are not the client's. Forms are paired by
 * (dyad, session): a therapist form about one client pairs with that client's form; a
 * therapist form about the whole case pairs with every member who rated that session.
 * Consecutive flagged sessions of a dyad form one finding keyed by its first session; it
 * resolves at the next paired session that no longer meets the rule.
 *
 * Severity: warning when the client sees less agreement than the therapist (D < 0: the
 * therapist may be pushing their own goals or tasks, the case docs/methods.md names); info when
 * the therapist is the less convinced one, or once the views have come closer again.
 */
export function detectClientTherapistDiscrepancies(
  history: AllianceCaseHistory,
  parameters: DiscrepancyParameters,
): DiscrepancyFinding[] {
  const clientForms = latestForms(history.ratings.filter((r) => r.role === 'client'));
  const therapistForms = latestForms(history.ratings.filter((r) => r.role === 'therapist'));
  const dyads = new Map<
    string,
    {
      clientId: string;
      therapistId: string;
      therapistInstrumentId?: string;
      sessions: PairedSession[];
    }
  >();
  for (const client of clientForms) {
    for (const therapist of therapistForms) {
      if (therapist.session !== client.session) continue;
      if (therapist.aboutClientId !== undefined && therapist.aboutClientId !== client.respondentId)
        continue;
      // A form about this client wins over a whole-case form of the same therapist and session.
      if (
        therapist.aboutClientId === undefined &&
        therapistForms.some(
          (t) =>
            t.session === client.session &&
            t.respondentId === therapist.respondentId &&
            t.aboutClientId === client.respondentId,
        )
      ) {
        continue;
      }
      const id = `${client.respondentId}\u0000${therapist.respondentId}`;
      let dyad = dyads.get(id);
      if (!dyad) {
        dyad = { clientId: client.respondentId, therapistId: therapist.respondentId, sessions: [] };
        dyads.set(id, dyad);
      }
      dyad.sessions.push(pairSession(client, therapist, parameters));
      if (therapist.instrumentId !== undefined) dyad.therapistInstrumentId = therapist.instrumentId;
    }
  }

  const findings: DiscrepancyFinding[] = [];
  for (const dyad of [...dyads.values()].sort((a, b) =>
    compareIds(a.clientId + a.therapistId, b.clientId + b.therapistId),
  )) {
    const sessions = dyad.sessions.sort((a, b) => a.session - b.session);
    for (const episode of groupConsecutiveFlags(sessions, (s) => s.flaggedScales.length > 0)) {
      const first = episode.flagged[0] as PairedSession;
      const last = episode.flagged.at(-1) as PairedSession;
      const clientLower = episode.flagged.some((s) =>
        s.flaggedScales.some((scale) => (s.difference[scale] ?? 0) < 0),
      );
      const resolvedAtSession = episode.resolvedBy?.session ?? null;
      findings.push(
        finaliseFinding<DiscrepancyFinding>({
          key: `client-therapist-discrepancy:${history.caseId}:${dyad.clientId}:${dyad.therapistId}:s${first.session}`,
          type: 'client-therapist-discrepancy',
          severity: resolvedAtSession === null && clientLower ? 'warning' : 'info',
          status: resolvedAtSession === null ? 'active' : 'resolved',
          caseId: history.caseId,
          respondentIds: [dyad.clientId, dyad.therapistId],
          session: first.session,
          latestSession: resolvedAtSession ?? last.session,
          explanation: explainDiscrepancy(last, resolvedAtSession),
          rule: 'detect-client-therapist-discrepancies',
          parameters,
          evidence: {
            clientId: dyad.clientId,
            therapistId: dyad.therapistId,
            ...(dyad.therapistInstrumentId !== undefined && {
              therapistInstrumentId: dyad.therapistInstrumentId,
            }),
            sessions: episode.flagged,
            resolvedAtSession,
          },
        }),
      );
    }
  }
  return findings;
}

function pairSession(
  client: AllianceRating,
  therapist: AllianceRating,
  parameters: DiscrepancyParameters,
): PairedSession {
  const difference: Partial<Record<AllianceScale, number>> = {};
  for (const scale of ALLIANCE_SCALES) {
    const c = client.scores[scale];
    const t = therapist.scores[scale];
    if (c !== undefined && t !== undefined) difference[scale] = c - t;
  }
  const flaggedScales = parameters.scales.filter((scale) => {
    const d = difference[scale];
    return d !== undefined && Math.abs(d) >= parameters.threshold - COMPARISON_TOLERANCE;
  });
  return {
    session: client.session,
    client: { ...client.scores },
    therapist: { ...therapist.scores },
    difference,
    flaggedScales,
  };
}

function explainDiscrepancy(
  latest: PairedSession,
  resolvedAtSession: number | null,
): FindingMessage {
  const scale = latest.flaggedScales[0] as AllianceScale;
  const c = latest.client[scale] ?? 0;
  const t = latest.therapist[scale] ?? 0;
  const params = {
    scale: scaleMessage(scale),
    session: latest.session,
    client: roundScore(c),
    therapist: roundScore(t),
    gap: roundScore(Math.abs(c - t)),
  };
  if (resolvedAtSession !== null)
    return { key: 'discrepancy.resolved', params: { ...params, resolvedAt: resolvedAtSession } };
  if (c < t)
    return {
      key: scale === 'task' ? 'discrepancy.clientLowerTasks' : 'discrepancy.clientLowerGoals',
      params,
    };
  return { key: 'discrepancy.clientHigher', params };
}

/** Keeps one form per (respondent, about, session): the later in the input wins. */
function latestForms(ratings: readonly AllianceRating[]): AllianceRating[] {
  const byKey = new Map<string, AllianceRating>();
  for (const r of ratings)
    byKey.set(`${r.respondentId}\u0000${r.aboutClientId ?? ''}\u0000${r.session}`, r);
  return [...byKey.values()];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
