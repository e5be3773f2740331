import { describe, expect, it } from 'vitest';
import { ageOn, isCalendarDate } from './intake-lists.ts';

describe('isCalendarDate', () => {
  // Leap years by the Gregorian rule: divisible by 4, except centuries not divisible by 400.
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['20260101', false],
    ['', false],
  ])('%s → %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});

describe('ageOn', () => {
  // Whole years completed on the day: a birthday counts from its own date.
  it.each([
    ['2008-12-04', '2026-12-04', 18],
    ['2008-12-05', '2026-12-04', 17],
    ['2008-11-30', '2026-12-04', 18],
    ['2009-01-01', '2026-12-04', 17],
    ['1990-06-15', '2026-06-14', 35],
  ])('born %s, on %s: %i', (born, on, age) => expect(ageOn(born, on)).toBe(age));
});
