import type { AllianceCaseHistory, OutcomeScore } from './alliance-case-history.ts';
import type { NotOnTrackEvidence, NotOnTrackFinding } from './alliance-finding.ts';
import type { OutcomeParameters } from './alliance-rule-parameters.ts';
import { roundParameter } from './describe-alliance-values.ts';
import { predictExpectedResponse } from './expected-response-model.ts';
import { finaliseFinding } from './finalise-finding.ts';
import type { FindingMessage } from './finding-message.ts';
import { groupConsecutiveFlags } from './group-consecutive-flags.ts';

type TrackPoint = NotOnTrackEvidence['points'][number];

/**
 * Not on track (docs/methods.md): each later score of an outcome measure is compared with the
 * expected response y_t = β0 + β1·y_1 + (β2 + β3·y_1)·ln(t) of the clinic's model for that
 * instrument, t counted from the intake (first) score's session (t = session − intake + 1).
 * Worse than expected by more than the model's tolerance is off track. Consecutive
 * off-track scores form one finding, keyed by the first; it resolves at the next score
 * back inside the band. The model, its fitting sample and date are the parameters.
 */
export function detectOffTrackOutcomes(
  history: AllianceCaseHistory,
  parameters: Pick<OutcomeParameters, 'expectedResponseModels'>,
): NotOnTrackFinding[] {
  const findings: NotOnTrackFinding[] = [];
  for (const model of parameters.expectedResponseModels) {
    const byRespondent = new Map<string, Map<number, OutcomeScore>>();
    for (const o of history.outcomes) {
      if (o.instrumentId !== model.instrumentId) continue;
      let scores = byRespondent.get(o.respondentId);
      if (!scores) byRespondent.set(o.respondentId, (scores = new Map()));
      scores.set(o.session, o);
    }
    for (const [respondentId, scores] of [...byRespondent.entries()].sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      const ordered = [...scores.values()].sort((a, b) => a.session - b.session);
      const intake = ordered[0];
      if (!intake || ordered.length < 2) continue;
      const points: TrackPoint[] = ordered.slice(1).map((o) => {
        const t = o.session - intake.session + 1;
        const expected = predictExpectedResponse(model, intake.total, t);
        const worseBy = model.higherIsBetter ? expected - o.total : o.total - expected;
        return { session: o.session, t, observed: o.total, expected, worseBy };
      });
      for (const episode of groupConsecutiveFlags(points, (p) => p.worseBy > model.tolerance)) {
        const first = episode.flagged[0] as TrackPoint;
        const last = episode.flagged.at(-1) as TrackPoint;
        const resolvedAtSession = episode.resolvedBy?.session ?? null;
        const name = model.instrumentId.toUpperCase();
        const explanation: FindingMessage =
          resolvedAtSession === null
            ? {
                key: 'notOnTrack.active',
                params: {
                  instrument: name,
                  observed: roundParameter(last.observed),
                  session: last.session,
                  expected: roundParameter(last.expected),
                  tolerance: roundParameter(model.tolerance),
                  intake: roundParameter(intake.total),
                  // The model's own description of its sample (clinic data, not a client's).
                  sample: model.fittedOn.sample,
                  date: model.fittedOn.date,
                },
              }
            : {
                key: 'notOnTrack.resolved',
                params: { instrument: name, first: first.session, resolvedAt: resolvedAtSession },
              };
        findings.push(
          finaliseFinding<NotOnTrackFinding>({
            key: `not-on-track:${history.caseId}:${respondentId}:${model.instrumentId}:s${first.session}`,
            type: 'not-on-track',
            severity: resolvedAtSession === null ? 'warning' : 'info',
            status: resolvedAtSession === null ? 'active' : 'resolved',
            caseId: history.caseId,
            respondentIds: [respondentId],
            session: first.session,
            latestSession: resolvedAtSession ?? last.session,
            explanation,
            rule: 'detect-off-track-outcomes',
            parameters: model,
            evidence: {
              respondentId,
              instrumentId: model.instrumentId,
              intake: { session: intake.session, score: intake.total },
              points: episode.flagged,
              resolvedAtSession,
            },
          }),
        );
      }
    }
  }
  return findings;
}
