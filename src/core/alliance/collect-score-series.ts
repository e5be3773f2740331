import type { AllianceRating, AllianceScale, RespondentRole } from './alliance-case-history.ts';
import type { ScorePoint } from './alliance-finding.ts';

export interface ScoreSeries {
  respondentId: string;
  role: RespondentRole;
  scale: AllianceScale;
  /** Sorted by session, one score per session. */
  points: readonly ScorePoint[];
}

/**
 * One series per (respondent, scale), sorted by session, so every rule sees the same
 * ordering whatever order the ratings arrived in. When a respondent has two forms for one
 * session, the later one in the input wins (a corrected re-entry). Therapist forms are
 * keyed by therapist and the client they rated, so each dyad keeps its own line.
 */
export function collectScoreSeries(
  ratings: readonly AllianceRating[],
  scales: readonly AllianceScale[],
  role?: RespondentRole,
): ScoreSeries[] {
  const bySeries = new Map<
    string,
    { series: Omit<ScoreSeries, 'points'>; points: Map<number, number> }
  >();
  for (const rating of ratings) {
    if (role !== undefined && rating.role !== role) continue;
    for (const scale of scales) {
      const score = rating.scores[scale];
      if (score === undefined || !Number.isFinite(score)) continue;
      const id = `${rating.role}\u0000${rating.respondentId}\u0000${rating.aboutClientId ?? ''}\u0000${scale}`;
      let entry = bySeries.get(id);
      if (!entry) {
        entry = {
          series: { respondentId: rating.respondentId, role: rating.role, scale },
          points: new Map(),
        };
        bySeries.set(id, entry);
      }
      entry.points.set(rating.session, score);
    }
  }
  return [...bySeries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { series, points }]) => ({
      ...series,
      points: [...points.entries()]
        .sort(([a], [b]) => a - b)
        .map(([session, score]) => ({ session, score })),
    }));
}
