// McDonald's ω_total from a one-factor maximum-likelihood factor analysis of the items'
// correlation matrix: ω = (Σλ)² / ((Σλ)² + Σθ), θ = 1 − λ² (McDonald 1999, Test Theory,
// ch. 6). The ML fit is Jöreskog's (1967, Psychometrika 32:443–482) condition for one factor:
// given uniquenesses Ψ, λ = Ψ^½·v·√(γ − 1) for the largest eigenpair (γ, v) of Ψ^-½ R Ψ^-½,
// and at the ML solution Ψ = diag(R − λλ'); we iterate that fixed point to convergence.
// Uniquenesses are kept ≥ 0.005, the lower bound of R's factanal and psych::fa (fm = "ml").
// Checked against psych::fa(nfactors = 1, fm = "ml") in test/reference/statistics.test.ts.
import { EigenvalueDecomposition, inverse, Matrix } from 'ml-matrix';

const MIN_UNIQUENESS = 0.005;
const MAX_ITERATIONS = 100_000;
const CONVERGED = 1e-13;

export interface OneFactorSolution {
  loadings: number[];
  uniquenesses: number[];
  omegaTotal: number;
  iterations: number;
}

/** One-factor ML loadings, uniquenesses and ω_total of a correlation matrix. */
export function omegaTotal(correlation: readonly (readonly number[])[]): OneFactorSolution {
  const k = correlation.length;
  const r = new Matrix(correlation.map((row) => [...row]));
  // Start from 1 − squared multiple correlation, as factanal does: ψ = 1/diag(R⁻¹).
  const rInverse = inverse(r);
  let psi = Array.from({ length: k }, (_, i) =>
    Math.min(1, Math.max(MIN_UNIQUENESS, 1 / rInverse.get(i, i))),
  );
  let loadings = new Array<number>(k).fill(0);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations += 1) {
    const scale = psi.map((value) => 1 / Math.sqrt(value));
    const scaled = new Matrix(k, k);
    for (let i = 0; i < k; i += 1) {
      for (let j = 0; j < k; j += 1) scaled.set(i, j, r.get(i, j) * scale[i]! * scale[j]!);
    }
    const eigen = new EigenvalueDecomposition(scaled, { assumeSymmetric: true });
    const values = eigen.realEigenvalues;
    let top = 0;
    for (let i = 1; i < k; i += 1) if (values[i]! > values[top]!) top = i;
    const gamma = values[top]!;
    const vector = eigen.eigenvectorMatrix.getColumn(top);
    const stretch = Math.sqrt(Math.max(gamma - 1, 0));
    loadings = vector.map((v, i) => Math.sqrt(psi[i]!) * v * stretch);
    const next = loadings.map((l) => Math.min(1, Math.max(MIN_UNIQUENESS, 1 - l * l)));
    const change = Math.max(...next.map((value, i) => Math.abs(value - psi[i]!)));
    psi = next;
    if (change < CONVERGED) break;
  }
  // The sign of an eigenvector is arbitrary: keep most of the loadings positive.
  if (loadings.reduce((sum, l) => sum + l, 0) < 0) loadings = loadings.map((l) => -l);
  const uniquenesses = loadings.map((l) => 1 - l * l);
  const sum = loadings.reduce((total, l) => total + l, 0);
  const theta = uniquenesses.reduce((total, u) => total + u, 0);
  return { loadings, uniquenesses, omegaTotal: (sum * sum) / (sum * sum + theta), iterations };
}
