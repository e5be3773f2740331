// The six intraclass correlations of Shrout & Fleiss (1979, Psychol Bull 86:420–428), with
// McGraw & Wong's (1996, Psychol Methods 1:30–46) F tests and intervals, computed from the
// two-way ANOVA mean squares exactly as psych::ICC (Revelle, psych 2.2.9) does, on complete
// cases (targets × raters). Checked in test/reference/statistics.test.ts.
import { fQuantile, fUpperTail } from './distributions.ts';
import { completeCases, type NumericColumn } from './numeric-column.ts';

export type IccType = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';

export interface IccRow {
  type: IccType;
  value: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  ci: [number, number];
}

export interface IntraclassCorrelation {
  /** Targets (rows) with every rating. */
  n: number;
  /** Raters (columns). */
  k: number;
  icc: IccRow[];
}

/** ICC1…ICC3k of rater columns (NaN = missing; incomplete rows are left out). */
export function intraclassCorrelation(
  raters: readonly NumericColumn[],
  level = 0.95,
): IntraclassCorrelation {
  const k = raters.length;
  if (k < 2) throw new RangeError('ICC needs at least two raters');
  const x = completeCases(raters);
  const n = x[0]!.length;
  if (n < 2) throw new RangeError('ICC needs at least two complete targets');
  const columnMeans = x.map((column) => column.reduce((sum, v) => sum + v, 0) / n);
  const rowMeans = Array.from(
    { length: n },
    (_, i) => x.reduce((sum, column) => sum + column[i]!, 0) / k,
  );
  const grand = columnMeans.reduce((sum, m) => sum + m, 0) / k;
  let ssRows = 0;
  for (const m of rowMeans) ssRows += (m - grand) ** 2;
  ssRows *= k;
  let ssColumns = 0;
  for (const m of columnMeans) ssColumns += (m - grand) ** 2;
  ssColumns *= n;
  let ssError = 0;
  x.forEach((column, j) => {
    for (let i = 0; i < n; i += 1) {
      ssError += (column[i]! - rowMeans[i]! - columnMeans[j]! + grand) ** 2;
    }
  });
  const msb = ssRows / (n - 1);
  const msj = ssColumns / (k - 1);
  const mse = ssError / ((n - 1) * (k - 1));
  const msw = (ssColumns + ssError) / (n * (k - 1));

  const alpha = 1 - level;
  const icc1 = (msb - msw) / (msb + (k - 1) * msw);
  const icc2 = (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n);
  const icc3 = (msb - mse) / (msb + (k - 1) * mse);
  const icc1k = (msb - msw) / msb;
  const icc2k = (msb - mse) / (msb + (msj - mse) / n);
  const icc3k = (msb - mse) / msb;

  const f1 = msb / msw;
  const df1n = n - 1;
  const df1d = n * (k - 1);
  const p1 = fUpperTail(f1, df1n, df1d);
  const f3 = msb / mse;
  const df3n = n - 1;
  const df3d = (n - 1) * (k - 1);
  const p3 = fUpperTail(f3, df3n, df3d);

  const f1Low = f1 / fQuantile(1 - alpha / 2, df1n, df1d);
  const f1High = f1 * fQuantile(1 - alpha / 2, df1d, df1n);
  const f3Low = f3 / fQuantile(1 - alpha / 2, df3n, df3d);
  const f3High = f3 * fQuantile(1 - alpha / 2, df3d, df3n);

  // ICC2's interval: Satterthwaite's df for the denominator (McGraw & Wong 1996, Table 7).
  const fj = msj / mse;
  const vn = (k - 1) * (n - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const vd = (n - 1) * k ** 2 * icc2 ** 2 * fj ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const v = vn / vd;
  const f2High = fQuantile(1 - alpha / 2, n - 1, v);
  const f2Low = fQuantile(1 - alpha / 2, v, n - 1);
  const low2 = (n * (msb - f2High * mse)) / (f2High * (k * msj + (k * n - k - n) * mse) + n * msb);
  const high2 = (n * (f2Low * msb - mse)) / (k * msj + (k * n - k - n) * mse + n * f2Low * msb);
  const averaged = (single: number) => (single * k) / (1 + single * (k - 1));

  const row = (
    type: IccType,
    value: number,
    F: number,
    df1: number,
    df2: number,
    p: number,
    ci: [number, number],
  ): IccRow => ({ type, value, F, df1, df2, p, ci });
  return {
    n,
    k,
    icc: [
      row('ICC1', icc1, f1, df1n, df1d, p1, [
        (f1Low - 1) / (f1Low + (k - 1)),
        (f1High - 1) / (f1High + k - 1),
      ]),
      row('ICC2', icc2, f3, df3n, df3d, p3, [low2, high2]),
      row('ICC3', icc3, f3, df3n, df3d, p3, [
        (f3Low - 1) / (f3Low + k - 1),
        (f3High - 1) / (f3High + k - 1),
      ]),
      row('ICC1k', icc1k, f1, df1n, df1d, p1, [1 - 1 / f1Low, 1 - 1 / f1High]),
      row('ICC2k', icc2k, f3, df3n, df3d, p3, [averaged(low2), averaged(high2)]),
      row('ICC3k', icc3k, f3, df3n, df3d, p3, [1 - 1 / f3Low, 1 - 1 / f3High]),
    ],
  };
}
