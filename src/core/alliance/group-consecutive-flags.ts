/**
 * Groups a time-ordered list of evaluations into episodes of consecutive flagged ones, so a
 * condition that holds session after session (a split, a discrepancy, off track) is one
 * finding keyed by its onset rather than a new alert every week. An episode is `active`
 * while the latest evaluation still flags and `resolved` at the first one that does not.
 */
export interface FlagEpisode<T> {
  flagged: readonly T[];
  resolvedBy: T | null;
}

export function groupConsecutiveFlags<T>(
  evaluations: readonly T[],
  isFlagged: (evaluation: T) => boolean,
): FlagEpisode<T>[] {
  const episodes: FlagEpisode<T>[] = [];
  let current: T[] | null = null;
  for (const evaluation of evaluations) {
    if (isFlagged(evaluation)) {
      if (current) current.push(evaluation);
      else current = [evaluation];
    } else if (current) {
      episodes.push({ flagged: current, resolvedBy: evaluation });
      current = null;
    }
  }
  if (current) episodes.push({ flagged: current, resolvedBy: null });
  return episodes;
}
