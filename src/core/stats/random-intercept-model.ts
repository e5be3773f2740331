// A linear mixed model with one random intercept per group, y = Xβ + b_g + ε,
// b_g ~ N(0, σ²θ²), ε ~ N(0, σ²), fitted by REML or ML as lme4::lmer does (Bates, Mächler,
// Bolker & Walker 2015, J Stat Softw 67(1), sections 3.3–3.4): β and σ² are profiled out, so
// the deviance is a function of θ = σ_b/σ alone. With one random intercept, V_g⁻¹ ∝
// I − w_g·11' with w_g = θ²/(1 + n_gθ²), so X'V⁻¹X, X'V⁻¹y and y'V⁻¹y need only each group's
// n_g, column sums and outcome sum plus the overall cross-products: one pass over the rows,
// then a one-dimensional minimisation (Brent) that never touches the rows again.
// Checked against lme4 1.1-31 (sleepstudy, Dyestuff, Dyestuff2) in test/reference.
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { minimizeScalar } from './minimize-scalar.ts';
import type { NumericColumn } from './numeric-column.ts';

export interface FixedEffect {
  term: string;
  estimate: number;
  se: number;
  t: number;
}

export interface RandomInterceptFit {
  /** Rows used (no missing outcome, predictor or group). */
  n: number;
  groups: number;
  fixed: FixedEffect[];
  variance: { group: number; residual: number };
  /** θ = σ_group / σ_residual at the optimum. */
  theta: number;
  reml: boolean;
  /** lme4's REML criterion (−2 × restricted log-likelihood), when reml. */
  remlCriterion: number | null;
  /** Log-likelihood, when fitted by ML. */
  logLik: number | null;
}

export interface RandomInterceptInput {
  outcome: NumericColumn;
  /** Fixed-effect predictors, without the intercept (which is always added first). */
  predictors: { term: string; values: NumericColumn }[];
  /** Group of each row; null or undefined is missing. */
  group: ArrayLike<string | null | undefined>;
  reml: boolean;
}

interface Aggregates {
  n: number;
  p: number;
  groups: number;
  xtx: number[][];
  xty: number[];
  yty: number;
  bySize: SizeClass[];
}

/**
 * The groups of one size n_g, summed: they share w_g = θ²/(1 + n_gθ²), so the deviance needs
 * only Σ s_g s_g', Σ s_g·t_g and Σ t_g² over them (s_g the group's column sums, t_g its
 * outcome sum), and each evaluation costs one step per distinct size, not per group.
 */
interface SizeClass {
  size: number;
  count: number;
  sxx: Float64Array;
  sxy: Float64Array;
  syy: number;
}

function aggregate(input: RandomInterceptInput): Aggregates {
  const p = input.predictors.length + 1;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  let yty = 0;
  let n = 0;
  const index = new Map<string, number>();
  // Flat, growable per-group sums (a million rows in 50,000 groups: no array per group).
  let sizes: Float64Array = new Float64Array(1024);
  let xSums: Float64Array = new Float64Array(1024 * p);
  let ySums: Float64Array = new Float64Array(1024);
  const row = new Float64Array(p).fill(1);
  const columns = input.predictors.map((predictor) => predictor.values);
  for (let i = 0; i < input.outcome.length; i += 1) {
    const y = input.outcome[i]!;
    const g = input.group[i];
    if (Number.isNaN(y) || g === null || g === undefined || g === '') continue;
    let complete = true;
    for (let j = 1; j < p; j += 1) {
      row[j] = columns[j - 1]![i]!;
      if (Number.isNaN(row[j]!)) complete = false;
    }
    if (!complete) continue;
    n += 1;
    let gi = index.get(g);
    if (gi === undefined) {
      gi = index.size;
      index.set(g, gi);
      if (gi === sizes.length) {
        sizes = grow(sizes, 2 * sizes.length);
        xSums = grow(xSums, 2 * xSums.length);
        ySums = grow(ySums, 2 * ySums.length);
      }
    }
    sizes[gi]! += 1;
    ySums[gi]! += y;
    yty += y * y;
    const base = gi * p;
    for (let j = 0; j < p; j += 1) {
      const xj = row[j]!;
      xSums[base + j]! += xj;
      xty[j]! += xj * y;
      const xtxRow = xtx[j]!;
      for (let k = j; k < p; k += 1) xtxRow[k]! += xj * row[k]!;
    }
  }
  for (let j = 0; j < p; j += 1) for (let k = 0; k < j; k += 1) xtx[j]![k] = xtx[k]![j]!;
  const classes = new Map<number, SizeClass>();
  for (let g = 0; g < index.size; g += 1) {
    const size = sizes[g]!;
    let c = classes.get(size);
    if (!c) {
      c = { size, count: 0, sxx: new Float64Array(p * p), sxy: new Float64Array(p), syy: 0 };
      classes.set(size, c);
    }
    const ty = ySums[g]!;
    c.count += 1;
    c.syy += ty * ty;
    for (let j = 0; j < p; j += 1) {
      const sj = xSums[g * p + j]!;
      c.sxy[j]! += sj * ty;
      for (let k = j; k < p; k += 1) c.sxx[j * p + k]! += sj * xSums[g * p + k]!;
    }
  }
  return { n, p, groups: index.size, xtx, xty, yty, bySize: [...classes.values()] };
}

function grow(values: Float64Array, length: number): Float64Array {
  const grown = new Float64Array(length);
  grown.set(values);
  return grown;
}

interface Profile {
  deviance: number;
  beta: number[];
  sigma2: number;
  covarianceUnscaled: Matrix;
}

/** The profiled deviance at θ, with β̂, σ̂² and (X'V⁻¹X)⁻¹·σ² / σ²'s factor. */
function profile(a: Aggregates, theta: number, reml: boolean): Profile {
  const { n, p } = a;
  const t2 = theta * theta;
  const xvx = a.xtx.map((r) => [...r]);
  const xvy = [...a.xty];
  let yvy = a.yty;
  let logDetL = 0;
  for (const c of a.bySize) {
    const w = t2 / (1 + c.size * t2);
    logDetL += c.count * Math.log1p(c.size * t2);
    if (w === 0) continue;
    yvy -= w * c.syy;
    for (let j = 0; j < p; j += 1) {
      xvy[j]! -= w * c.sxy[j]!;
      for (let k = j; k < p; k += 1) xvx[j]![k]! -= w * c.sxx[j * p + k]!;
    }
  }
  // Filled once per pair, so that the matrix is exactly symmetric (Cholesky insists).
  for (let j = 0; j < p; j += 1) for (let k = 0; k < j; k += 1) xvx[j]![k] = xvx[k]![j]!;
  const cholesky = new CholeskyDecomposition(new Matrix(xvx));
  const beta = cholesky.solve(Matrix.columnVector(xvy)).getColumn(0);
  const rss = yvy - beta.reduce((sum, b, j) => sum + b * xvy[j]!, 0);
  const dof = reml ? n - p : n;
  const sigma2 = rss / dof;
  let logDetX = 0;
  const l = cholesky.lowerTriangularMatrix;
  for (let j = 0; j < p; j += 1) logDetX += 2 * Math.log(l.get(j, j));
  const deviance = logDetL + (reml ? logDetX : 0) + dof * (1 + Math.log((2 * Math.PI * rss) / dof));
  const covarianceUnscaled = cholesky.solve(Matrix.eye(p));
  return { deviance, beta, sigma2, covarianceUnscaled };
}

/** Fits y ~ predictors + (1 | group) by REML (lme4's default) or ML. */
export function fitRandomIntercept(input: RandomInterceptInput): RandomInterceptFit {
  const a = aggregate(input);
  if (a.n <= a.p) throw new RangeError('the model needs more complete rows than fixed effects');
  if (a.groups < 2) throw new RangeError('the model needs at least two groups');
  const deviance = (theta: number) => profile(a, theta, input.reml).deviance;
  // A coarse grid on a log scale finds the basin; Brent refines it (θ = 0 is a real answer:
  // a singular fit, as lme4 reports it).
  const grid = [0, ...Array.from({ length: 29 }, (_, i) => 10 ** (-4 + i * 0.25))];
  const values = grid.map(deviance);
  let best = 0;
  for (let i = 1; i < grid.length; i += 1) if (values[i]! < values[best]!) best = i;
  let theta = grid[best]!;
  const refined = minimizeScalar(
    deviance,
    grid[Math.max(0, best - 1)]!,
    grid[Math.min(grid.length - 1, best + 1)]!,
  );
  if (refined.value < values[best]!) theta = refined.x;
  const fit = profile(a, theta, input.reml);
  const terms = ['(Intercept)', ...input.predictors.map((predictor) => predictor.term)];
  return {
    n: a.n,
    groups: a.groups,
    fixed: terms.map((term, j) => {
      const se = Math.sqrt(fit.sigma2 * fit.covarianceUnscaled.get(j, j));
      return { term, estimate: fit.beta[j]!, se, t: fit.beta[j]! / se };
    }),
    variance: { group: fit.sigma2 * theta * theta, residual: fit.sigma2 },
    theta,
    reml: input.reml,
    remlCriterion: input.reml ? fit.deviance : null,
    logLik: input.reml ? null : -fit.deviance / 2,
  };
}
