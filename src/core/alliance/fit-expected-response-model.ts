/**
 * Least-squares fit of the expected-response model y_t = β0 + β1·y_1 + (β2 + β3·y_1)·ln(t)
 * (docs/methods.md, "Not on track") on a clinic's own data, so the curve is local and
 * transparent. Equivalent to R's `lm(y ~ y1 * log(t))`; the 4 × 4 normal equations are
 * solved by Gaussian elimination with partial pivoting — small enough not to warrant a
 * matrix library in core. The residual SD suggests a tolerance band (e.g. 1.645 × SD for a
 * one-sided 95 % band); the clinic decides.
 */
export interface ExpectedResponseObservation {
  /** Intake score of the client. */
  y1: number;
  /** Session index counted from intake, t ≥ 1. */
  t: number;
  /** Observed score at t. */
  y: number;
}

export interface ExpectedResponseFit {
  beta0: number;
  beta1: number;
  beta2: number;
  beta3: number;
  /** Residual standard error, √(RSS / (n − 4)), as R's summary(lm)$sigma. */
  residualSd: number;
  n: number;
}

export function fitExpectedResponseModel(
  observations: readonly ExpectedResponseObservation[],
): ExpectedResponseFit {
  const n = observations.length;
  if (n < 5)
    throw new RangeError('fitting the expected-response model needs at least 5 observations');
  const rows = observations.map((o) => {
    const lnT = Math.log(o.t);
    return [1, o.y1, lnT, o.y1 * lnT];
  });
  // X'X β = X'y
  const xtx = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const xty = [0, 0, 0, 0];
  rows.forEach((row, i) => {
    const y = (observations[i] as ExpectedResponseObservation).y;
    for (let a = 0; a < 4; a++) {
      xty[a] = (xty[a] as number) + (row[a] as number) * y;
      const line = xtx[a] as number[];
      for (let b = 0; b < 4; b++)
        line[b] = (line[b] as number) + (row[a] as number) * (row[b] as number);
    }
  });
  const beta = solveLinearSystem(xtx, xty);
  let rss = 0;
  rows.forEach((row, i) => {
    const fitted = row.reduce((sum, x, j) => sum + x * (beta[j] as number), 0);
    rss += ((observations[i] as ExpectedResponseObservation).y - fitted) ** 2;
  });
  return {
    beta0: beta[0] as number,
    beta1: beta[1] as number,
    beta2: beta[2] as number,
    beta3: beta[3] as number,
    residualSd: Math.sqrt(rss / (n - 4)),
    n,
  };
}

function solveLinearSystem(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] as number]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) {
      if (
        Math.abs((a[r] as number[])[col] as number) >
        Math.abs((a[pivot] as number[])[col] as number)
      )
        pivot = r;
    }
    const pivotRow = a[pivot] as number[];
    if (Math.abs(pivotRow[col] as number) < 1e-12) {
      throw new RangeError(
        'the observations do not identify the model (vary intake scores and sessions)',
      );
    }
    [a[col], a[pivot]] = [pivotRow, a[col] as number[]];
    const current = a[col] as number[];
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const factor = (row[col] as number) / (current[col] as number);
      for (let c = col; c <= size; c++)
        row[c] = (row[c] as number) - factor * (current[c] as number);
    }
  }
  return a.map((row, i) => (row[size] as number) / (row[i] as number));
}
