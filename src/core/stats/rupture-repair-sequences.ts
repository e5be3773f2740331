import type { RepairParameters, RuptureParameters } from '../alliance/alliance-rule-parameters.ts';
import { detectRuptureEpisodes } from '../alliance/detect-rupture-episodes.ts';
import type { NumericColumn } from './numeric-column.ts';

export interface RuptureRepairSequence {
  id: string;
  time: number;
  score: number;
  baseline: number;
  threshold: number;
  status: 'repaired' | 'unresolved' | 'open';
  /** The time of the score that repaired the rupture, or null. */
  repairedAt: number | null;
}

export interface RuptureRepairInput {
  /** Whose series each row belongs to; null is a missing id (the row is left out). */
  id: ArrayLike<string | null | undefined>;
  /** When (a session number, or any increasing time); NaN is missing. */
  time: NumericColumn;
  /** The score on any metric; NaN is missing (a missed session: no score, no point). */
  score: NumericColumn;
}

/**
 * Rupture–repair sequences over any set of series in long format (one row per id × time), by
 * exactly the alliance engine's rule (detectRuptureEpisodes: docs/methods.md, "Rupture" and
 * "Repair"), so a researcher's own session-by-session data is judged as the alerts judge a
 * client's. Rows with a missing id, time or score are left out; each id's rows are ordered by
 * time. Results are in the order ids first appear, then by time. A repeated (id, time) is a
 * RangeError naming the data row (1-based), since one of the two would be silently dropped.
 */
export function findRuptureRepairSequences(
  input: RuptureRepairInput,
  rupture: RuptureParameters,
  repair: RepairParameters,
): RuptureRepairSequence[] {
  const series = new Map<string, { time: number; score: number; row: number }[]>();
  for (let row = 0; row < input.score.length; row += 1) {
    const id = input.id[row];
    const time = input.time[row]!;
    const score = input.score[row]!;
    if (id === null || id === undefined || id === '' || Number.isNaN(time)) continue;
    if (Number.isNaN(score)) continue;
    let points = series.get(id);
    if (!points) series.set(id, (points = []));
    points.push({ time, score, row });
  }
  const sequences: RuptureRepairSequence[] = [];
  for (const [id, points] of series) {
    points.sort((a, b) => a.time - b.time || a.row - b.row);
    for (let i = 1; i < points.length; i += 1) {
      if (points[i]!.time === points[i - 1]!.time)
        throw new RangeError(
          `data row ${points[i]!.row + 1} repeats the id and time of an earlier row`,
        );
    }
    const episodes = detectRuptureEpisodes(
      points.map((p) => ({ session: p.time, score: p.score })),
      rupture,
      repair,
    );
    for (const episode of episodes) {
      sequences.push({
        id,
        time: episode.point.session,
        score: episode.point.score,
        baseline: episode.baseline,
        threshold: episode.threshold,
        status: episode.repair.status,
        repairedAt: episode.repair.repairedAt?.session ?? null,
      });
    }
  }
  return sequences;
}
