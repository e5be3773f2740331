import type { CaseRupture, CaseRuptureEvent, RuptureStatus } from '../../core/api/case-view.ts';
import type { Alert } from '../alerts/alert.repository.ts';
import type { RuptureEvent } from '../repairs/rupture-event.repository.ts';

const RUPTURE_STATUSES: readonly string[] = ['open', 'repaired', 'unresolved'];
const SCALES: readonly string[] = ['total', 'goal', 'task', 'bond'];

interface RuptureEvidenceShape {
  role?: unknown;
  scale?: unknown;
  repairedAt?: { session?: unknown } | null;
}

/**
 * The case's ruptures for the alliance time line, from its alerts: score-drop ruptures and
 * self-reported tension, by onset session. An alert the engine resolved as
 * 'no-longer-detected' is left out (its finding is gone, e.g. after a settings change);
 * one a therapist resolved by hand keeps the engine's status, since the scores did not move.
 */
export function buildCaseRuptures(
  alerts: readonly Alert[],
  respondentName: (kind: 'client' | 'therapist', id: string) => string,
): CaseRupture[] {
  return alerts
    .filter(
      (a) =>
        (a.type === 'rupture' || a.type === 'self-reported-rupture') &&
        a.resolution !== 'no-longer-detected' &&
        RUPTURE_STATUSES.includes(a.findingStatus),
    )
    .map((a): CaseRupture => {
      const evidence = (a.evidence ?? {}) as RuptureEvidenceShape;
      const respondentKind = evidence.role === 'therapist' ? 'therapist' : 'client';
      const respondentId = a.respondentIds[0] ?? '';
      const status = a.findingStatus as RuptureStatus;
      const repairSession = evidence.repairedAt?.session;
      return {
        alertId: a.id,
        kind: a.type === 'rupture' ? 'score-drop' : 'self-reported',
        onsetSession: a.session,
        respondentKind,
        respondentId,
        respondentName: respondentName(respondentKind, respondentId),
        scale:
          typeof evidence.scale === 'string' && SCALES.includes(evidence.scale)
            ? (evidence.scale as CaseRupture['scale'])
            : 'total',
        status,
        // A self-reported rupture is repaired within its own session (the resolution item).
        repairedAtSession:
          status !== 'repaired'
            ? null
            : typeof repairSession === 'number'
              ? repairSession
              : a.session,
      };
    })
    .sort(
      (x, y) =>
        x.onsetSession - y.onsetSession ||
        x.respondentName.localeCompare(y.respondentName) ||
        x.alertId.localeCompare(y.alertId),
    );
}

/** Recorded repair work, oldest session first, with the therapist's "what happened". */
export function buildCaseRuptureEvents(events: readonly RuptureEvent[]): CaseRuptureEvent[] {
  return events
    .map((e) => ({
      id: e.id,
      sessionNumber: e.sessionNumber,
      outcome: e.outcome,
      description: e.description,
      markers: [...e.markers],
      alertId: e.alertId,
    }))
    .sort((x, y) => x.sessionNumber - y.sessionNumber || x.id.localeCompare(y.id));
}
