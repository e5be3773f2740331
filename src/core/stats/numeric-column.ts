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
  // Plain loops over typed arrays: this runs over every row of a million-row file.
  const keep = new Uint8Array(length);
  let kept = 0;
  for (let row = 0; row < length; row += 1) {
    let complete = 1;
    for (const column of columns) if (Number.isNaN(column[row]!)) complete = 0;
    keep[row] = complete;
    kept += complete;
  }
  return columns.map((column) => {
    const out = new Float64Array(kept);
    for (let row = 0, j = 0; row < length; row += 1) if (keep[row] === 1) out[j++] = column[row]!;
    return out;
  });
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
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += 1) out[i] = column[i]! - m;
    return out;
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

/**
 * covarianceMatrix(completeCases(columns)) without copying a column: one pass finds the
 * complete rows and their sums, a second adds every pair's centred cross-products row by
 * row. The same operations in the same order as the two functions, so the same doubles; on
 * a million rows it reads each column twice instead of allocating k new ones.
 */
export function completeCaseCovariance(columns: readonly NumericColumn[]): {
  n: number;
  covariance: number[][];
} {
  const k = columns.length;
  const length = columns[0]?.length ?? 0;
  for (const column of columns) {
    if (column.length !== length) throw new RangeError('columns must have the same length');
  }
  const keep = new Uint8Array(length);
  const sums = new Float64Array(k);
  let n = 0;
  for (let row = 0; row < length; row += 1) {
    let complete = true;
    for (let i = 0; i < k; i += 1) if (Number.isNaN(columns[i]![row]!)) complete = false;
    if (!complete) continue;
    keep[row] = 1;
    n += 1;
    for (let i = 0; i < k; i += 1) sums[i]! += columns[i]![row]!;
  }
  const means = sums.map((sum) => sum / n);
  // Pair p = (i, j), i ≤ j, in row-major order of the upper triangle.
  const cross = new Float64Array((k * (k + 1)) / 2);
  const centred = new Float64Array(k);
  for (let row = 0; row < length; row += 1) {
    if (keep[row] === 0) continue;
    for (let i = 0; i < k; i += 1) centred[i] = columns[i]![row]! - means[i]!;
    for (let i = 0, p = 0; i < k; i += 1)
      for (let j = i; j < k; j += 1, p += 1) cross[p]! += centred[i]! * centred[j]!;
  }
  const covariance: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0, p = 0; i < k; i += 1)
    for (let j = i; j < k; j += 1, p += 1)
      covariance[i]![j] = covariance[j]![i] = cross[p]! / (n - 1);
  return { n, covariance };
}

/** The correlation matrix of a covariance matrix, R's `cov2cor`. */
export function covarianceToCorrelation(c: readonly (readonly number[])[]): number[][] {
  return c.map((row, i) =>
    row.map((value, j) => (i === j ? 1 : value / Math.sqrt(c[i]![i]! * c[j]![j]!))),
  );
}

/** Reverse-keys an item on its scale: min + max − x (a missing value stays missing). */
export function reverseScored(column: NumericColumn, min: number, max: number): Float64Array {
  const out = new Float64Array(column.length);
  for (let i = 0; i < out.length; i += 1) out[i] = min + max - column[i]!;
  return out;
}
