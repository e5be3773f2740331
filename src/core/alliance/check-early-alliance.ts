import type { AllianceCaseHistory } from './alliance-case-history.ts';
import type { EarlyCheckpointFinding, ScorePoint } from './alliance-finding.ts';
import type { EarlyCheckpointParameters } from './alliance-rule-parameters.ts';
import { collectScoreSeries } from './collect-score-series.ts';
import { computeOlsSlope } from './compute-series-statistics.ts';
import { COMPARISON_TOLERANCE, roundParameter, roundScore } from './describe-alliance-values.ts';
import { finaliseFinding } from './finalise-finding.ts';
import type { FindingMessage } from './finding-message.ts';

/**
 * The early alliance checkpoint (docs/methods.md: "by session 5 an alliance should be
 * established"). Evaluated once per client member, on the total, as soon as the client has
 * a score at or after session `bySession`, using the scores of sessions 1..bySession:
 *  - not established: the latest of those scores is below `minimumLevel`;
 *  - falling: the OLS slope of score on session number is below −slopeTolerance
 *    (needs `minScoresForTrend` scores).
 * Only the client's view is used: the client's early ratings, not the therapist's, are
 * the ones that predict dropout and outcome.
 */
export function checkEarlyAlliance(
  history: AllianceCaseHistory,
  parameters: EarlyCheckpointParameters,
): EarlyCheckpointFinding[] {
  const findings: EarlyCheckpointFinding[] = [];
  for (const series of collectScoreSeries(history.ratings, ['total'], 'client')) {
    if (!series.points.some((p) => p.session >= parameters.bySession)) continue;
    const scores = series.points.filter((p) => p.session <= parameters.bySession);
    const latest = scores.at(-1);
    if (!latest) continue;
    const slope =
      scores.length >= parameters.minScoresForTrend
        ? computeOlsSlope(scores.map((p) => ({ x: p.session, y: p.score })))
        : null;
    const belowLevel = latest.score < parameters.minimumLevel - COMPARISON_TOLERANCE;
    const falling = slope !== null && slope < -parameters.slopeTolerance - COMPARISON_TOLERANCE;
    if (!belowLevel && !falling) continue;
    findings.push(
      finaliseFinding<EarlyCheckpointFinding>({
        key: `early-checkpoint:${history.caseId}:${series.respondentId}:s${parameters.bySession}`,
        type: 'early-checkpoint',
        severity: 'warning',
        status: 'active',
        caseId: history.caseId,
        respondentIds: [series.respondentId],
        session: latest.session,
        latestSession: latest.session,
        explanation: explainCheckpoint(parameters, latest, slope, belowLevel, falling, scores),
        rule: 'check-early-alliance',
        parameters,
        evidence: {
          respondentId: series.respondentId,
          scale: 'total',
          scores,
          latest,
          slope,
          belowLevel,
          falling,
        },
      }),
    );
  }
  return findings;
}

function explainCheckpoint(
  parameters: EarlyCheckpointParameters,
  latest: ScorePoint,
  slope: number | null,
  belowLevel: boolean,
  falling: boolean,
  scores: readonly ScorePoint[],
): FindingMessage {
  const level = {
    session: latest.session,
    latest: roundScore(latest.score),
    level: roundScore(parameters.minimumLevel),
  };
  const trend = {
    slope: roundParameter(Math.abs(slope ?? 0)),
    first: scores[0]?.session ?? 1,
    last: latest.session,
  };
  const bySession = parameters.bySession;
  if (belowLevel && falling)
    return {
      key: 'earlyCheckpoint.belowLevelAndFalling',
      params: { bySession, ...level, ...trend },
    };
  if (belowLevel) return { key: 'earlyCheckpoint.belowLevel', params: { bySession, ...level } };
  return { key: 'earlyCheckpoint.falling', params: { bySession, ...trend } };
}
