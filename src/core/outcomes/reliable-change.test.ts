import { describe, expect, it } from 'vitest';
import { classifyChange } from './classify-change.ts';
import { clinicalCutOffs } from './clinical-cut-offs.ts';
import { reliableChange } from './reliable-change.ts';

// Hand-worked values (formulas of Jacobson & Truax 1991 and Maassen 2004). The comparison
// with R over the paper's Table 2 data is in test/reference/reliable-change.test.ts.
describe('reliableChange', () => {
  it('Jacobson–Truax: SD 5, r .84 → SE 2, S_diff √8, RC = −8/√8', () => {
    const rc = reliableChange({
      pre: 20,
      post: 12,
      sdPre: 5,
      reliability: 0.84,
      variant: 'jacobson-truax',
    });
    expect(rc.standardError).toBeCloseTo(2, 12); // 5·√0.16
    expect(rc.sDiff).toBeCloseTo(Math.sqrt(8), 12); // √(2·2²)
    expect(rc.rc).toBeCloseTo(-8 / Math.sqrt(8), 12); // −2.828…
    expect(rc).toMatchObject({
      reliable: true,
      variant: 'jacobson-truax',
      sdPost: null,
      criterion: 1.96,
    });
  });

  it('Maassen: S_diff = √((SD₁² + SD₂²)(1 − r)) = √((9 + 16)·0.2) = √5', () => {
    const rc = reliableChange({
      pre: 10,
      post: 14,
      sdPre: 3,
      sdPost: 4,
      reliability: 0.8,
      variant: 'maassen',
    });
    expect(rc.sDiff).toBeCloseTo(Math.sqrt(5), 12);
    expect(rc.rc).toBeCloseTo(4 / Math.sqrt(5), 12); // 1.789 < 1.96
    expect(rc).toMatchObject({ reliable: false, standardError: null, sdPost: 4 });
  });

  it('is not reliable exactly at the criterion (|RC| must exceed it)', () => {
    // S_diff = √(2·(1·√0.5)²) = 1; change of 1.96 gives RC = 1.96
    const rc = reliableChange({
      pre: 0,
      post: 1.96,
      sdPre: 1,
      reliability: 0.5,
      variant: 'jacobson-truax',
    });
    expect(rc.rc).toBeCloseTo(1.96, 12);
    expect(rc.reliable).toBe(false);
    expect(
      reliableChange({
        pre: 0,
        post: 1.5,
        sdPre: 1,
        reliability: 0.5,
        variant: 'jacobson-truax',
        criterion: 1.645,
      }).reliable,
    ).toBe(false);
  });

  it('rejects parameters it cannot use', () => {
    expect(() =>
      reliableChange({ pre: 1, post: 2, sdPre: 0, reliability: 0.8, variant: 'jacobson-truax' }),
    ).toThrow(RangeError);
    expect(() =>
      reliableChange({ pre: 1, post: 2, sdPre: 1, reliability: 1, variant: 'jacobson-truax' }),
    ).toThrow(RangeError);
    expect(() =>
      reliableChange({ pre: 1, post: 2, sdPre: 1, reliability: 0.8, variant: 'maassen' }),
    ).toThrow(/sdPost/);
  });
});

describe('clinicalCutOffs', () => {
  it('higher is worse: a = M₁ − 2SD₁, b = M₀ + 2SD₀, c weighted', () => {
    const cut = clinicalCutOffs({ mean: 20, sd: 5 }, { mean: 5, sd: 3 }, false);
    expect(cut.a).toBe(10);
    expect(cut.b).toBe(11);
    expect(cut.c).toBeCloseTo((3 * 20 + 5 * 5) / 8, 12); // 10.625
  });

  it('higher is better flips a and b; c is the same formula', () => {
    const cut = clinicalCutOffs({ mean: 80, sd: 10 }, { mean: 110, sd: 15 }, true);
    expect(cut).toEqual({ a: 100, b: 80, c: (15 * 80 + 10 * 110) / 25 });
  });

  it('without functional norms only a exists', () => {
    expect(clinicalCutOffs({ mean: 20, sd: 5 }, null, false)).toEqual({ a: 10, b: null, c: null });
  });
});

describe('classifyChange', () => {
  const change = (pre: number, post: number) =>
    reliableChange({ pre, post, sdPre: 5, reliability: 0.84, variant: 'jacobson-truax' }); // S_diff 2.83
  const cases = [
    { pre: 20, post: 8, cutOff: 10, higherIsBetter: false, category: 'recovered' },
    { pre: 20, post: 12, cutOff: 10, higherIsBetter: false, category: 'improved' },
    { pre: 20, post: 18, cutOff: 10, higherIsBetter: false, category: 'unchanged' },
    { pre: 20, post: 26, cutOff: 10, higherIsBetter: false, category: 'deteriorated' },
    { pre: 9, post: 3, cutOff: 10, higherIsBetter: false, category: 'improved' }, // already below
    { pre: 20, post: 10, cutOff: 10, higherIsBetter: false, category: 'improved' }, // on the line
    { pre: 30, post: 42, cutOff: 40, higherIsBetter: true, category: 'recovered' },
    { pre: 30, post: 24, cutOff: 40, higherIsBetter: true, category: 'deteriorated' },
    { pre: 30, post: 42, cutOff: null, higherIsBetter: true, category: 'improved' },
  ] as const;
  it.each(cases)('$pre → $post (cut-off $cutOff) is $category', (c) => {
    const result = classifyChange({ ...c, change: change(c.pre, c.post) });
    expect(result.category).toBe(c.category);
    expect(result.cutOff).toBe(c.cutOff);
  });
});
