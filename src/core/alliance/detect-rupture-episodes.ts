import type { ScorePoint } from './alliance-finding.ts';
import type { RepairParameters, RuptureParameters } from './alliance-rule-parameters.ts';
import { assessRepair, type RepairAssessment } from './assess-repair.ts';
import { computeMean, computeSampleSd } from './compute-series-statistics.ts';
import { COMPARISON_TOLERANCE } from './describe-alliance-values.ts';

export interface RuptureEpisode {
  /** Index of the rupture score in the series. */
  index: number;
  method: 'idiographic' | 'absolute-drop';
  point: ScorePoint;
  previous: ScorePoint;
  baseline: number;
  ownSd: number | null;
  pooledSd: number | null;
  sd: number | null;
  threshold: number;
  priorScores: readonly ScorePoint[];
  repair: RepairAssessment;
}

/**
 * Idiographic rupture detection on one respondent's series on one scale (docs/methods.md,
 * "Rupture"; Stiles et al. 2004; Gumz et al. 2012 for the stricter pooled SD):
 *
 *   baseline_t = mean of the previous w scores
 *   SD_t       = sample SD of all previous scores, or max(own SD, pooled SD) when stricter
 *   rupture    ⇔ A_t ≤ baseline_t − k·SD_t   (and A_t < baseline_t, so SD = 0 never fires on a flat score)
 *
 * With fewer than `minPriorScores` previous scores, a rupture is a drop of at least
 * `fallbackDrop` from the previous score, whose value is then the baseline for repair.
 *
 * A deeper dip while an earlier rupture is still open (inside its repair window, not yet
 * repaired) belongs to that rupture, not to a new one: one clinical event, one alert.
 */
export function detectRuptureEpisodes(
  points: readonly ScorePoint[],
  rupture: RuptureParameters,
  repair: RepairParameters,
): RuptureEpisode[] {
  const episodes: RuptureEpisode[] = [];
  let blockedUntil = -1;
  for (let i = 1; i < points.length; i++) {
    if (i <= blockedUntil) continue;
    const point = points[i] as ScorePoint;
    const previous = points[i - 1] as ScorePoint;
    const prior = points.slice(0, i);
    const priorValues = prior.map((p) => p.score);
    const ownSd = computeSampleSd(priorValues);
    const pooledSd = rupture.pooledSd;
    const sd =
      ownSd === null
        ? null
        : rupture.stricter && pooledSd !== null
          ? Math.max(ownSd, pooledSd)
          : ownSd;

    let method: RuptureEpisode['method'];
    let baseline: number;
    let threshold: number;
    let fires: boolean;
    if (prior.length >= rupture.minPriorScores && sd !== null) {
      method = 'idiographic';
      baseline = computeMean(priorValues.slice(-rupture.window));
      threshold = baseline - rupture.k * sd;
      fires =
        point.score <= threshold + COMPARISON_TOLERANCE &&
        point.score < baseline - COMPARISON_TOLERANCE;
    } else {
      method = 'absolute-drop';
      baseline = previous.score;
      threshold = previous.score - rupture.fallbackDrop;
      fires = point.score <= threshold + COMPARISON_TOLERANCE;
    }
    if (!fires) continue;

    const assessment = assessRepair(points.slice(i + 1), baseline, repair);
    episodes.push({
      index: i,
      method,
      point,
      previous,
      baseline,
      ownSd,
      pooledSd,
      sd: method === 'idiographic' ? sd : null,
      threshold,
      priorScores: method === 'idiographic' ? prior : [previous],
      repair: assessment,
    });
    // The episode owns every score up to its repair, or its whole window if none repaired.
    blockedUntil =
      assessment.status === 'repaired'
        ? i + assessment.followUpScores.length - 1
        : assessment.status === 'unresolved'
          ? i + repair.horizon
          : points.length;
  }
  return episodes;
}
