import type {
  AllianceCaseHistory,
  AllianceRating,
  AllianceScale,
} from './alliance-case-history.ts';
import type { SplitAllianceFinding, SplitEvidence } from './alliance-finding.ts';
import type { SplitParameters } from './alliance-rule-parameters.ts';
import { collectScoreSeries } from './collect-score-series.ts';
import { COMPARISON_TOLERANCE, roundScore } from './describe-alliance-values.ts';
import { finaliseFinding } from './finalise-finding.ts';
import { type FindingMessage, scaleMessage } from './finding-message.ts';
import { groupConsecutiveFlags } from './group-consecutive-flags.ts';

type SplitSession = SplitEvidence['sessions'][number];

/**
 * Split alliance in couple and family work (docs/methods.md; Friedlander, Escudero &
 * Heatherington 2006): Split_t = max_m A_mt − min_m A_mt across the client members who
 * rated session t, on bond and on total; flagged at or above the threshold (default 1.0;
 * "at or above", like the discrepancy rule, so both read the same). Sessions that fewer
 * than two members rated are skipped, not counted as resolving. Consecutive flagged
 * sessions form one finding, keyed by the first, with each member's line in the evidence.
 */
export function detectSplitAlliances(
  history: AllianceCaseHistory,
  parameters: SplitParameters,
): SplitAllianceFinding[] {
  const bySession = new Map<number, Map<string, AllianceRating>>();
  for (const rating of history.ratings) {
    if (rating.role !== 'client') continue;
    let members = bySession.get(rating.session);
    if (!members) bySession.set(rating.session, (members = new Map()));
    members.set(rating.respondentId, rating);
  }
  const evaluations: SplitSession[] = [];
  for (const [session, members] of [...bySession.entries()].sort(([a], [b]) => a - b)) {
    const rated = [...members.values()].sort((a, b) => (a.respondentId < b.respondentId ? -1 : 1));
    if (rated.length < 2) continue;
    const split: Partial<Record<AllianceScale, number>> = {};
    for (const scale of parameters.scales) {
      const values = rated.map((r) => r.scores[scale]).filter((v): v is number => v !== undefined);
      if (values.length >= 2) split[scale] = Math.max(...values) - Math.min(...values);
    }
    evaluations.push({
      session,
      members: rated.map((r) => ({
        respondentId: r.respondentId,
        scores: pickScales(r, parameters.scales),
      })),
      split,
      flaggedScales: parameters.scales.filter(
        (scale) => (split[scale] ?? 0) >= parameters.threshold - COMPARISON_TOLERANCE,
      ),
    });
  }

  const lines = collectScoreSeries(history.ratings, parameters.scales, 'client');
  return groupConsecutiveFlags(evaluations, (e) => e.flaggedScales.length > 0).map((episode) => {
    const first = episode.flagged[0] as SplitSession;
    const last = episode.flagged.at(-1) as SplitSession;
    const resolvedAtSession = episode.resolvedBy?.session ?? null;
    const latestSession = resolvedAtSession ?? last.session;
    const respondentIds = [
      ...new Set(episode.flagged.flatMap((s) => s.members.map((m) => m.respondentId))),
    ].sort();
    return finaliseFinding<SplitAllianceFinding>({
      key: `split-alliance:${history.caseId}:s${first.session}`,
      type: 'split-alliance',
      severity: resolvedAtSession === null ? 'warning' : 'info',
      status: resolvedAtSession === null ? 'active' : 'resolved',
      caseId: history.caseId,
      respondentIds,
      session: first.session,
      latestSession,
      explanation: explainSplit(last, resolvedAtSession),
      rule: 'detect-split-alliances',
      parameters,
      evidence: {
        sessions: episode.flagged,
        memberLines: lines
          .filter((line) => respondentIds.includes(line.respondentId))
          .map((line) => ({
            respondentId: line.respondentId,
            scale: line.scale,
            points: line.points.filter((p) => p.session <= latestSession),
          })),
        resolvedAtSession,
      },
    });
  });
}

function pickScales(
  rating: AllianceRating,
  scales: readonly AllianceScale[],
): Partial<Record<AllianceScale, number>> {
  const picked: Partial<Record<AllianceScale, number>> = {};
  for (const scale of scales) {
    const value = rating.scores[scale];
    if (value !== undefined) picked[scale] = value;
  }
  return picked;
}

function explainSplit(latest: SplitSession, resolvedAtSession: number | null): FindingMessage {
  // The bond is named first when it split: it is the dimension a member most often feels left out of.
  const scale = (
    latest.flaggedScales.includes('bond') ? 'bond' : latest.flaggedScales[0]
  ) as AllianceScale;
  const values = latest.members
    .map((m) => m.scores[scale])
    .filter((v): v is number => v !== undefined);
  const params = {
    scale: scaleMessage(scale),
    session: latest.session,
    low: roundScore(Math.min(...values)),
    high: roundScore(Math.max(...values)),
    members: values.length,
    split: roundScore(latest.split[scale] ?? 0),
  };
  return resolvedAtSession === null
    ? { key: 'split.active', params }
    : { key: 'split.resolved', params: { ...params, resolvedAt: resolvedAtSession } };
}
