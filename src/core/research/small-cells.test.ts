import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_CELL, smallCell, withheldLabel } from './small-cells.ts';

describe('small cells', () => {
  it('withholds 1 to k − 1 people and keeps 0 and k or more', () => {
    expect(DEFAULT_MIN_CELL).toBe(5);
    expect([0, 1, 4, 5, 6].map((n) => smallCell(n))).toEqual([0, null, null, 5, 6]);
    expect([2, 3].map((n) => smallCell(n, 3))).toEqual([null, 3]);
    expect(smallCell(1, 0)).toBe(1);
  });

  it('reads "< k" where a cell is withheld', () => {
    expect(withheldLabel()).toBe('< 5');
    expect(withheldLabel(10)).toBe('< 10');
  });
});
