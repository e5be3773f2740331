import { describe, expect, it } from 'vitest';
import { spacedTicks } from './spaced-ticks.ts';

const weeks = Array.from({ length: 13 }, (_, i) => i);

describe('the labelled weeks of the completion chart', () => {
  it.each<[string, number, number, number[]]>([
    // 13 weeks on a phone: about 18 px a week, labels about 60 px wide → every 4th.
    ['a phone', 60, 18, [0, 4, 8, 12]],
    // On a desktop: 60 px labels in 66 px weeks need exactly one step (66 ≥ 60 + 6).
    ['a desktop', 60, 66, weeks],
    ['one px short of fitting', 60, 65, [0, 2, 4, 6, 8, 10, 12]],
    ['no room at all', 60, 0, [0]],
  ])('on %s', (_, widest, step, expected) => {
    expect(spacedTicks(weeks, widest, step)).toEqual(expected);
  });

  it('labels nothing when there are no weeks', () => {
    expect(spacedTicks([], 60, 18)).toEqual([]);
  });
});
