// Shared by the rupture benches (bench/rupture-variants.bench.ts, bench/rupture-bounds.bench.ts):
// a client's total-score series, and the alerts' episode bookkeeping around any drop criterion.
import type { ScorePoint } from '../src/core/alliance/alliance-finding.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS as defaults } from '../src/core/alliance/alliance-rule-parameters.ts';
import { assessRepair } from '../src/core/alliance/assess-repair.ts';
import { collectScoreSeries } from '../src/core/alliance/collect-score-series.ts';
import { computeMean } from '../src/core/alliance/compute-series-statistics.ts';
import { COMPARISON_TOLERANCE } from '../src/core/alliance/describe-alliance-values.ts';
import type { SyntheticAllianceClient } from '../src/core/synthetic/generate-alliance-cohort.ts';

export function totalSeries(client: SyntheticAllianceClient): ScorePoint[] {
  const series = collectScoreSeries(client.history.ratings, ['total'], 'client');
  return series.find((s) => s.respondentId === client.clientId)?.points.slice() ?? [];
}

export interface DropCriterion {
  /** Compare with the mean of the previous 3 scores, or with the previous score alone. */
  baseline: 'window' | 'previous';
  /** The drop from the baseline that counts, given the scores before this one. */
  requiredDrop: (prior: readonly number[]) => number;
  /** A further condition on the drop (e.g. 25 % of the pre-loss score). */
  alsoRequire?: (drop: number, baseline: number) => boolean;
}

/**
 * Onset sessions found by a drop criterion with the alerts' bookkeeping (detectRuptureEpisodes):
 * an open rupture owns the scores up to its repair or the end of its window, and before three
 * prior scores the absolute-drop fallback applies. A drop must also be a fall (drop > 0).
 */
export function detectByDrop(points: readonly ScorePoint[], criterion: DropCriterion): number[] {
  const onsets: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const prior = points.slice(0, i).map((p) => p.score);
    const previous = prior[i - 1]!;
    const score = points[i]!.score;
    const idiographic = prior.length >= defaults.rupture.minPriorScores;
    const baseline =
      idiographic && criterion.baseline === 'window'
        ? computeMean(prior.slice(-defaults.rupture.window))
        : previous;
    const drop = baseline - score;
    const fires = !idiographic
      ? drop >= defaults.rupture.fallbackDrop - COMPARISON_TOLERANCE
      : drop > COMPARISON_TOLERANCE &&
        drop >= criterion.requiredDrop(prior) - COMPARISON_TOLERANCE &&
        (criterion.alsoRequire?.(drop, baseline) ?? true);
    if (!fires) continue;
    onsets.push(points[i]!.session);
    const repair = assessRepair(points.slice(i + 1), baseline, defaults.repair);
    i +=
      repair.status === 'repaired'
        ? repair.followUpScores.length - 1
        : repair.status === 'unresolved'
          ? defaults.repair.horizon
          : points.length;
  }
  return onsets;
}
