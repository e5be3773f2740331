/**
 * A column of numbers in which NaN marks a missing value (an empty cell, R's NA). The
 * statistics here take columns, not rows, so that a million-row file is a few flat arrays.
 */
export type NumericColumn = ArrayLike<number>;

/** The columns restricted to the rows where every one of them has a value (R's `na.omit`). */
export function completeCases(columns: readonly NumericColumn[]): Float64Array[] {
  const length = columns[0]?.length ?? 0;
  for (const column of columns) {
    if (column.length !== length) throw new RangeError('columns must have the same length');
  }
  const keep: number[] = [];
  for (let row = 0; row < length; row += 1) {
    if (columns.every((column) => !Number.isNaN(column[row]!))) keep.push(row);
  }
  return columns.map((column) => Float64Array.from(keep, (row) => column[row]!));
}

export function mean(values: NumericColumn): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i]!;
  return sum / values.length;
}

/**
 * Sample covariance matrix (denominator n − 1) of complete columns, R's `cov`. Two passes:
 * the means first, then the centred cross-products, for the precision R has.
 */
export function covarianceMatrix(columns: readonly NumericColumn[]): number[][] {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  const centred = columns.map((column) => {
    const m = mean(column);
    return Float64Array.from({ length: n }, (_, i) => column[i]! - m);
  });
  const c: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i += 1) {
    for (let j = i; j < k; j += 1) {
      const a = centred[i]!;
      const b = centred[j]!;
      let sum = 0;
      for (let row = 0; row < n; row += 1) sum += a[row]! * b[row]!;
      c[i]![j] = c[j]![i] = sum / (n - 1);
    }
  }
  return c;
}

/** The correlation matrix of a covariance matrix, R's `cov2cor`. */
export function covarianceToCorrelation(c: readonly (readonly number[])[]): number[][] {
  return c.map((row, i) =>
    row.map((value, j) => (i === j ? 1 : value / Math.sqrt(c[i]![i]! * c[j]![j]!))),
  );
}

/** Reverse-keys an item on its scale: min + max − x (a missing value stays missing). */
export function reverseScored(column: NumericColumn, min: number, max: number): Float64Array {
  return Float64Array.from({ length: column.length }, (_, i) => min + max - column[i]!);
}
