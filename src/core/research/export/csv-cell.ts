import { stringify } from 'csv-stringify/sync';
/**
 * One cell of an exported CSV (METHODS.md, "De-identified export"). A spreadsheet runs a
 * text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
 * (OWASP, "CSV injection"), so such text gets a leading `'`. Numbers stay numbers and are
 * never prefixed (a negative score is data, not a formula); missing is an empty cell. Text
 * that itself begins with `'` gets one too, so the guard always comes off the same way: a
 * text cell that begins with `'` had exactly one added (`unguardCell`).
 */
export type ExportCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED_START = /^[=+\-@\t\r']/;

export function guardCell(value: ExportCell): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return GUARDED_START.test(value) ? `'${value}` : value;
}

/** A text cell as read back, with the guard taken off. */
export function unguardCell(written: string): string {
  return written.startsWith("'") ? written.slice(1) : written;
}

/** True when a text cell as written could start a formula (for tests and checks). */
export function startsFormula(written: string): boolean {
  return FORMULA_START.test(written);
}

/** Rows as CSV text (RFC 4180 quoting by csv-stringify), every cell through `guardCell`. */
export function toCsv(rows: ExportCell[][]): string {
  return rows.length === 0 ? '' : stringify(rows.map((row) => row.map(guardCell)));
}
