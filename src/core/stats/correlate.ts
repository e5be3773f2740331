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

/** Ranks 1…n, ties given their average rank (R's `rank`, ties.method = "average"). */
export function averageRanks(values: NumericColumn): Float64Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end += 1;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i += 1) ranks[order[i]!] = rank;
    start = end;
  }
  return ranks;
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
  const [xs, ys] = completeCases([x, y]) as [Float64Array, Float64Array];
  const n = xs.length;
  const r = method === 'pearson' ? pearson(xs, ys) : pearson(averageRanks(xs), averageRanks(ys));
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  const p = n > 2 ? tTestTwoSidedP(t, n - 2) : Number.NaN;
  const z = Math.atanh(r);
  const half = n > 3 ? normalQuantile(1 - (1 - level) / 2) / Math.sqrt(n - 3) : Number.NaN;
  return { n, r, ci: [Math.tanh(z - half), Math.tanh(z + half)], p };
}
