/**
 * The small-cell rule (METHODS.md, "Statistics for research"): no aggregate is shown outside
 * the study team, or exported as an aggregate, for a group of fewer than k people; the cell
 * reads "< k" instead. A group of nobody (0) identifies nobody and stays 0. Every count,
 * analysis table and exported aggregate passes through `smallCell`.
 */

/** A study's threshold k unless it sets its own (METHODS.md: default 5). */
export const DEFAULT_MIN_CELL = 5;

/** A count as shown, or null when it is withheld as a small cell. */
export type CellCount = number | null;

/** `n`, or null when it is a small cell under threshold `k` (1 ≤ n < k). */
export function smallCell(n: number, k: number = DEFAULT_MIN_CELL): CellCount {
  return n > 0 && n < k ? null : n;
}

/** How a withheld cell reads, in tables, CSV and charts' text alternatives: "< 5". */
export function withheldLabel(k: number = DEFAULT_MIN_CELL): string {
  return `< ${k}`;
}

/**
 * `value` (a count of rows, a rate, a median) or null when the group behind it is a small
 * cell: it is the number of people that counts, not the number of rows (a person who
 * answered ten forms is still one person). The practice report uses it too (docs/reports.md).
 */
export function shownForPeople<T>(
  people: number,
  value: T,
  k: number = DEFAULT_MIN_CELL,
): T | null {
  return smallCell(people, k) === null ? null : value;
}
