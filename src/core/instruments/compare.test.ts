import { describe, expect, it } from 'vitest';
import { compare } from './compare.ts';

describe('compare', () => {
  it.each([
    [1, '>', 0, true],
    [0, '>', 0, false],
    [0, '>=', 0, true],
    [-1, '>=', 0, false],
    [12, '<', 13, true],
    [13, '<', 13, false],
    [13, '<=', 13, true],
    [14, '<=', 13, false],
    [2, '=', 2, true],
    [2, '=', 3, false],
    [2, '!=', 3, true],
    [3, '!=', 3, false],
  ] as const)('%d %s %d is %s', (left, operator, right, expected) => {
    expect(compare(left, operator, right)).toBe(expected);
  });
});
