import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_CELL, shownForPeople, smallCell, withheldLabel } from './small-cells.ts';

describe('small cells', () => {
  it('withholds 1 to k − 1 people and keeps 0 and k or more', () => {
    expect(DEFAULT_MIN_CELL).toBe(5);
    expect([0, 1, 4, 5, 6].map((n) => smallCell(n))).toEqual([0, null, null, 5, 6]);
    expect([2, 3].map((n) => smallCell(n, 3))).toEqual([null, 3]);
    expect(smallCell(1, 0)).toBe(1);
  });

  it('withholds a value by the people behind it, not the rows', () => {
    // Nine forms of four people: withheld; one form each of five people: shown.
    expect(shownForPeople(4, 9)).toBeNull();
    expect(shownForPeople(5, 5)).toBe(5);
    expect(shownForPeople(0, 0.5)).toBe(0.5);
  });

  it('reads "< k" where a cell is withheld', () => {
    expect(withheldLabel()).toBe('< 5');
    expect(withheldLabel(10)).toBe('< 10');
  });
});
