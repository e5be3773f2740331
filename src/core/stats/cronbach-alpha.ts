// Cronbach's α with Feldt's interval, item–total correlations and α if an item is dropped.
// Sources: Cronbach (1951, Psychometrika 16:297–334); Feldt, Woodruff & Salih (1987, Appl
// Psychol Meas 11:93–103) for the interval; computed as psych::alpha does (Revelle, psych
// 2.2.9), on complete cases. Checked against psych in test/reference/statistics.test.ts.
import { fQuantile } from './distributions.ts';
import {
  completeCaseCovariance,
  covarianceToCorrelation,
  type NumericColumn,
} from './numeric-column.ts';

export interface ItemReliability {
  /** Pearson r of the item with the total score (psych's raw.r). */
  itemTotal: number;
  /** r of the item with the total of the other items (corrected item–total, psych's r.drop). */
  itemRest: number;
  alphaIfDropped: number;
  alphaStandardizedIfDropped: number;
}

export interface CronbachAlpha {
  /** Complete cases used. */
  n: number;
  k: number;
  alpha: number;
  alphaStandardized: number;
  /** Feldt's interval at the given level (95 % unless told). */
  alphaCI: [number, number];
  items: ItemReliability[];
}

/** α = k/(k−1)·(1 − Σσ²ᵢ/σ²_X) of a covariance (or, for the standardised α, correlation) matrix. */
export function alphaOfMatrix(c: readonly (readonly number[])[]): number {
  const k = c.length;
  let trace = 0;
  let total = 0;
  for (let i = 0; i < k; i += 1) {
    trace += c[i]![i]!;
    for (let j = 0; j < k; j += 1) total += c[i]![j]!;
  }
  return (k / (k - 1)) * (1 - trace / total);
}

const without = (c: readonly (readonly number[])[], drop: number) =>
  c.filter((_, i) => i !== drop).map((row) => row.filter((_, j) => j !== drop));

/**
 * Cronbach's α of item columns (NaN = missing; rows with any missing item are left out).
 * Feldt: [1 − (1 − α)·F₁₋γ/₂, 1 − (1 − α)·F_γ/₂] with F on (n − 1, (n − 1)(k − 1)) df.
 */
export function cronbachAlpha(items: readonly NumericColumn[], level = 0.95): CronbachAlpha {
  if (items.length < 2) throw new RangeError('α needs at least two items');
  const { n, covariance } = completeCaseCovariance(items);
  return cronbachAlphaOfCovariance(covariance, n, level);
}

/** cronbachAlpha from the items' covariance matrix of n complete cases. */
export function cronbachAlphaOfCovariance(
  c: readonly (readonly number[])[],
  n: number,
  level = 0.95,
): CronbachAlpha {
  const k = c.length;
  if (k < 2) throw new RangeError('α needs at least two items');
  if (n < 2) throw new RangeError('α needs at least two complete cases');
  const r = covarianceToCorrelation(c);
  const alpha = alphaOfMatrix(c);
  const alphaStandardized = alphaOfMatrix(r);
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const tail = (1 - level) / 2;
  const alphaCI: [number, number] = [
    1 - (1 - alpha) * fQuantile(1 - tail, df1, df2),
    1 - (1 - alpha) * fQuantile(tail, df1, df2),
  ];
  const totalVariance = c.flat().reduce((sum, value) => sum + value, 0);
  const itemStats = c.map((row, i): ItemReliability => {
    const covWithTotal = row.reduce((sum, value) => sum + value, 0);
    const variance = row[i]!;
    const covWithRest = covWithTotal - variance;
    const restVariance = totalVariance - 2 * covWithTotal + variance;
    return {
      itemTotal: covWithTotal / Math.sqrt(variance * totalVariance),
      itemRest: covWithRest / Math.sqrt(variance * restVariance),
      alphaIfDropped: k > 2 ? alphaOfMatrix(without(c, i)) : Number.NaN,
      alphaStandardizedIfDropped: k > 2 ? alphaOfMatrix(without(r, i)) : Number.NaN,
    };
  });
  return { n, k, alpha, alphaStandardized, alphaCI, items: itemStats };
}
