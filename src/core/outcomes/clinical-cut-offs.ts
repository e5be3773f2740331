export interface PopulationNorm {
  mean: number;
  sd: number;
}

export interface ClinicalCutOffs {
  /** Two SDs beyond the clinical mean, towards functioning. */
  a: number;
  /** Two SDs beyond the functional mean, towards dysfunction; null without functional norms. */
  b: number | null;
  /** Weighted midpoint between the two populations; null without functional norms. */
  c: number | null;
}

/**
 * Jacobson & Truax (1991) cut-offs for clinically significant change, from the clinical
 * (dysfunctional, M₁, SD₁) and functional (M₀, SD₀) populations, for either direction:
 * for a measure where higher is worse, `a = M₁ − 2·SD₁`, `b = M₀ + 2·SD₀`
 * (signs flip when higher is better), and `c = (SD₀·M₁ + SD₁·M₀) / (SD₀ + SD₁)`.
 */
export function clinicalCutOffs(
  clinical: PopulationNorm,
  functional: PopulationNorm | null,
  higherIsBetter: boolean,
): ClinicalCutOffs {
  const towardsFunctioning = higherIsBetter ? 1 : -1;
  const a = clinical.mean + towardsFunctioning * 2 * clinical.sd;
  if (functional === null) return { a, b: null, c: null };
  const b = functional.mean - towardsFunctioning * 2 * functional.sd;
  const c =
    (functional.sd * clinical.mean + clinical.sd * functional.mean) / (functional.sd + clinical.sd);
  return { a, b, c };
}
