import type { Comparison } from './instrument-definition.ts';

/** Applies a rule's comparison (`item 9 > 0`, `total < 13`) to a value. */
export function compare(left: number, operator: Comparison, right: number): boolean {
  switch (operator) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '=':
      return left === right;
    case '!=':
      return left !== right;
  }
}
