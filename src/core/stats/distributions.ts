// Probability distributions for the statistics in this folder, from stdlib (stdlib-js/stdlib:
// ports of Cephes and Boost.Math, agreeing with R's pt/qt/pf/qf/qnorm to about 1e-15 here).
// Upper tails are computed from the opposite tail or by symmetry, never as 1 − CDF, so that a
// small p keeps its relative precision as R's `lower.tail = FALSE` does.
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import fQuantileStdlib from '@stdlib/stats-base-dists-f-quantile';
import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided p of Student's t statistic with df degrees of freedom: 2·P(T > |t|). */
export function tTestTwoSidedP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

/** P(F > f) for F with (df1, df2) degrees of freedom, as R's `pf(f, df1, df2, lower.tail = FALSE)`. */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  // P(F(df1, df2) > f) = P(F(df2, df1) < 1/f).
  return fCdf(1 / f, df2, df1);
}

/** Quantile of Student's t, R's `qt(p, df)`. */
export const tQuantile = (p: number, df: number): number => tQuantileStdlib(p, df);

/** Quantile of F, R's `qf(p, df1, df2)`. */
export const fQuantile = (p: number, df1: number, df2: number): number =>
  fQuantileStdlib(p, df1, df2);

/** Quantile of the standard normal, R's `qnorm(p)`. */
export const normalQuantile = (p: number): number => normalQuantileStdlib(p, 0, 1);
