import { describe, expect, it } from 'vitest';
import { fitExpectedResponseModel } from './fit-expected-response-model.ts';

describe('fitExpectedResponseModel', () => {
  it('matches R lm(y ~ y1 * log(t)) on the committed example', () => {
    // Data and reference output: fit-expected-response-model.reference.R (R 4.2.2).
    const y1 = [20, 20, 20, 20, 14, 14, 14, 14, 24, 24, 24, 9, 9, 9];
    const t = [1, 3, 6, 10, 1, 2, 5, 9, 1, 4, 8, 1, 3, 7];
    const y = [20, 16, 12, 9, 14, 13, 9, 8, 24, 21, 14, 9, 8, 5];
    const fit = fitExpectedResponseModel(
      y1.map((v, i) => ({ y1: v, t: t[i] as number, y: y[i] as number })),
    );
    expect(fit.beta0).toBeCloseTo(0.0899614550595192, 10);
    expect(fit.beta1).toBeCloseTo(1.0252327378367063, 10);
    expect(fit.beta2).toBeCloseTo(-0.4754455397747366, 10);
    expect(fit.beta3).toBeCloseTo(-0.189181353776915, 10);
    expect(fit.residualSd).toBeCloseTo(1.3410524214821, 10);
    expect(fit.n).toBe(14);
  });

  it('recovers the parameters exactly from noise-free data', () => {
    // y = 1 + 0.9·y1 + (−2 − 0.1·y1)·ln t, by hand for each row.
    const rows = [10, 15, 20, 25].flatMap((y1) =>
      [1, 2, 4, 8].map((t) => ({ y1, t, y: 1 + 0.9 * y1 + (-2 - 0.1 * y1) * Math.log(t) })),
    );
    const fit = fitExpectedResponseModel(rows);
    expect([fit.beta0, fit.beta1, fit.beta2, fit.beta3].map((b) => Number(b.toFixed(9)))).toEqual([
      1, 0.9, -2, -0.1,
    ]);
    expect(fit.residualSd).toBeCloseTo(0, 9);
  });

  it('refuses data that cannot identify the model', () => {
    // Every client started at 20: y1 and the intercept are collinear.
    const rows = [1, 2, 3, 4, 5, 6].map((t) => ({ y1: 20, t, y: 20 - t }));
    expect(() => fitExpectedResponseModel(rows)).toThrow(RangeError);
  });
});
