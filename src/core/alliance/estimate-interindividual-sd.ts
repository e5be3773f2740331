import type { AllianceCaseHistory, AllianceScale } from './alliance-case-history.ts';
import { computeSampleSd } from './compute-series-statistics.ts';

/**
 * The interindividual SD of clients' alliance scores on one scale: the sample SD (n − 1, as
 * R's `sd()`) of every client form's score across all the histories given, ignoring whose it
 * is. It is the "pooled SD" of the stricter rupture rule: Gumz et al. (2012, BMC Med Res
 * Methodol 12:10) take the stricter of the intra- and the interindividual variability, so
 * that minor wobbles in a very stable course do not count as crises, and a decline that is
 * ordinary for a highly fluctuating client does not either. A clinic computes it from its
 * own records (ruptures included, as they are part of what it sees); null with fewer than
 * two scores.
 */
export function estimateInterindividualSd(
  histories: readonly AllianceCaseHistory[],
  scale: AllianceScale = 'total',
): number | null {
  const values: number[] = [];
  for (const history of histories) {
    for (const rating of history.ratings) {
      const value = rating.scores[scale];
      if (rating.role === 'client' && value !== undefined) values.push(value);
    }
  }
  return estimateInterindividualSdOfScores(values);
}

/**
 * The same from a flat list of every client's scores on one scale (`rapport stats ruptures
 * --pooled-sd auto` reads them from a data file); null with fewer than two scores.
 */
export function estimateInterindividualSdOfScores(scores: ArrayLike<number>): number | null {
  const values: number[] = [];
  for (let i = 0; i < scores.length; i += 1) if (!Number.isNaN(scores[i]!)) values.push(scores[i]!);
  return computeSampleSd(values);
}
