/**
 * A transparent expected-response model for an outcome measure (docs/methods.md, "Not on
 * track"): y_t = β0 + β1·y_1 + (β2 + β3·y_1)·ln(t), where y_1 is the first (intake) score
 * and t the session index counted from the intake session (t = 1 at intake). Its
 * parameters, fitting sample and date are shown beside every alert; no proprietary curve.
 */
export interface ExpectedResponseModel {
  instrumentId: string;
  beta0: number;
  beta1: number;
  beta2: number;
  beta3: number;
  /** Not on track when the score is worse than expected by more than this (instrument points). */
  tolerance: number;
  /** Direction of the instrument: PHQ-9 false (lower is better), WHO-5 true. */
  higherIsBetter: boolean;
  /** Where the βs came from, shown with every alert. */
  fittedOn: { sample: string; n: number; date: string };
}

/** Expected score at session index t (≥ 1) for a client whose intake score was y1. */
export function predictExpectedResponse(
  model: ExpectedResponseModel,
  y1: number,
  t: number,
): number {
  const lnT = Math.log(t);
  return model.beta0 + model.beta1 * y1 + (model.beta2 + model.beta3 * y1) * lnT;
}
