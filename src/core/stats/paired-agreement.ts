// Agreement of two measurements of the same people: the paired t test (Student 1908) on the
// differences a − b and Bland & Altman's (1986, Lancet 327:307–310) 95 % limits of agreement
// d̄ ± 1.96·s_d, on the rows where both have a value. Checked against R's
// `t.test(a, b, paired = TRUE)` in test/reference/statistics.test.ts.
import { tTestTwoSidedP } from './distributions.ts';
import type { NumericColumn } from './numeric-column.ts';

export interface PairedAgreement {
  n: number;
  meanDifference: number;
  /** SD of the differences (denominator n − 1). */
  sd: number;
  t: number;
  df: number;
  p: number;
  limits: [number, number];
}

export function pairedAgreement(a: NumericColumn, b: NumericColumn): PairedAgreement {
  if (a.length !== b.length) throw new RangeError('columns must have the same length');
  const d: number[] = [];
  for (let i = 0; i < a.length; i += 1) {
    if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) d.push(a[i]! - b[i]!);
  }
  const n = d.length;
  if (n < 2) throw new RangeError('agreement needs at least two complete pairs');
  const meanDifference = d.reduce((sum, x) => sum + x, 0) / n;
  const sd = Math.sqrt(d.reduce((sum, x) => sum + (x - meanDifference) ** 2, 0) / (n - 1));
  const t = meanDifference / (sd / Math.sqrt(n));
  const df = n - 1;
  return {
    n,
    meanDifference,
    sd,
    t,
    df,
    p: tTestTwoSidedP(t, df),
    limits: [meanDifference - 1.96 * sd, meanDifference + 1.96 * sd],
  };
}
