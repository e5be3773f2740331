import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, correlate, pearson } from './correlate.ts';
import { cronbachAlpha, cronbachAlphaOfCovariance } from './cronbach-alpha.ts';
import { completeCaseCovariance, completeCases, covarianceMatrix } from './numeric-column.ts';

// The million-row paths (bench/README.md, "Statistics CLI") compute what the plain
// definitions compute, to the last bit: ranks by counting, Pearson and the covariance on
// copied complete cases. The numbers themselves are checked against R in
// test/reference/statistics.test.ts.

// Few distinct values, so ties are common; −0 and 0 are one value, NaN is missing.
const value = fc.constantFrom(-3, -1.5, -0, 0, 0.1, 0.30000000000000004, 2, 7, 1e300, -1e-300);
const cell = fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fc.constant(NaN) });
const columns = (k: number) =>
  fc
    .integer({ min: 0, max: 60 })
    .chain((n) =>
      fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
    );
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expect(Array.from(a).map(String)).toEqual(Array.from(b).map(String));

describe('averageRanks', () => {
  it('gives each value 1 + the count of smaller values + (the count of equal others) / 2', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(value, fc.double({ noNaN: true }))), (values) => {
        const expected = values.map(
          (v) =>
            1 + values.filter((w) => w < v).length + (values.filter((w) => w === v).length - 1) / 2,
        );
        same(averageRanks(values), expected);
      }),
    );
  });
});

describe('the column statistics without copies', () => {
  it('Pearson on pairwise complete cases is pearson() of the copied complete cases', () => {
    fc.assert(
      fc.property(columns(2), ([x, y]) => {
        const [xs, ys] = completeCases([x!, y!]);
        const c = correlate(x!, y!, 'pearson');
        expect(c.n).toBe(xs!.length);
        same([c.r], [pearson(xs!, ys!)]);
      }),
    );
  });

  it('completeCaseCovariance is covarianceMatrix of completeCases, and α from it the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((k) => columns(k)),
        (items) => {
          const complete = completeCases(items);
          const { n, covariance } = completeCaseCovariance(items);
          expect(n).toBe(complete[0]!.length);
          same(covariance.flat(), covarianceMatrix(complete).flat());
          if (items.length >= 2 && n >= 2)
            expect(cronbachAlpha(items)).toEqual(cronbachAlphaOfCovariance(covariance, n));
        },
      ),
    );
  });
});
