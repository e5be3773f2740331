/** Arithmetic mean; NaN for an empty list (callers check lengths first). */
export function computeMean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Sample standard deviation (n − 1 denominator, as R's sd()), the "client's own SD over
 * previous sessions" of docs/methods.md; null with fewer than two values.
 */
export function computeSampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = computeMean(values);
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Ordinary least-squares slope of y on x; null with fewer than two distinct x. */
export function computeOlsSlope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const meanX = computeMean(points.map((p) => p.x));
  const meanY = computeMean(points.map((p) => p.y));
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - meanX) * (p.y - meanY);
    sxx += (p.x - meanX) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}
