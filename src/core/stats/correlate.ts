// Pearson's r and Spearman's ρ on pairwise complete cases, with Fisher's z interval and the
// t-test p (Fisher 1921, Metron 1:3–32; Spearman 1904, Am J Psychol 15:72–101), as R's
// `cor.test` reports them (for ρ, `exact = FALSE`; its interval as psych::corr.test's, Fisher
// z with standard error 1/√(n − 3)). Checked in test/reference/statistics.test.ts.
import { normalQuantile, tTestTwoSidedP } from './distributions.ts';
import { completeCases, mean, type NumericColumn } from './numeric-column.ts';

export type CorrelationMethod = 'pearson' | 'spearman';

export interface Correlation {
  n: number;
  r: number;
  ci: [number, number];
  p: number;
}

/** Pearson's r of two complete columns (two-pass, as R's `cor`). */
export function pearson(x: NumericColumn, y: NumericColumn): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Ranks 1…n, ties given their average rank (R's `rank`, ties.method = "average"), of values
 * without NaN. The values are sorted as numbers by the typed array's own sort (no comparator
 * called per comparison: a million values take a tenth of a second); each value's rank is
 * then that of its run of equal values, found by bisection among the distinct values.
 */
export function averageRanks(values: NumericColumn): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // distinct[d] is the d-th distinct value, rankOf[d] the average of the positions it fills.
  const distinct = new Float64Array(n);
  const rankOf = new Float64Array(n);
  let d = 0;
  for (let start = 0; start < n; d += 1) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end += 1;
    distinct[d] = sorted[start]!;
    rankOf[d] = (start + 1 + end) / 2;
    start = end;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const v = values[i]!;
    let lo = 0;
    let hi = d - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = rankOf[lo]!;
  }
  return ranks;
}

/**
 * Pearson's r on the rows where both columns have a value, and how many there are: the
 * same sums as pearson(...completeCases([x, y])) in the same order, without the copies.
 */
function pairwisePearson(x: NumericColumn, y: NumericColumn): { n: number; r: number } {
  const both = new Uint8Array(x.length);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i += 1) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    both[i] = 1;
    n += 1;
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i += 1) {
    if (both[i] === 0) continue;
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return { n, r: sxy / Math.sqrt(sxx * syy) };
}

/**
 * r (or ρ) of x and y on the rows where both have a value, with
 * CI = tanh(atanh r ± z₁₋γ/₂/√(n − 3)) and p from t = r·√((n − 2)/(1 − r²)) on n − 2 df.
 */
export function correlate(
  x: NumericColumn,
  y: NumericColumn,
  method: CorrelationMethod = 'pearson',
  level = 0.95,
): Correlation {
  if (x.length !== y.length) throw new RangeError('columns must have the same length');
  let n: number;
  let r: number;
  if (method === 'pearson') ({ n, r } = pairwisePearson(x, y));
  else {
    const [xs, ys] = completeCases([x, y]) as [Float64Array, Float64Array];
    n = xs.length;
    r = pearson(averageRanks(xs), averageRanks(ys));
  }
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  const p = n > 2 ? tTestTwoSidedP(t, n - 2) : Number.NaN;
  const z = Math.atanh(r);
  const half = n > 3 ? normalQuantile(1 - (1 - level) / 2) / Math.sqrt(n - 3) : Number.NaN;
  return { n, r, ci: [Math.tanh(z - half), Math.tanh(z + half)], p };
}
