import { describe, expect, it } from 'vitest';
import { decisionsByWeek, weekStart } from './study-dashboard.ts';

describe('weekStart', () => {
  // Expected Mondays read off a calendar (ISO 8601 weeks start on Monday).
  it.each([
    ['2026-11-30', '2026-11-30'], // a Monday is its own week start
    ['2026-12-03', '2026-11-30'], // Thursday
    ['2026-12-06', '2026-11-30'], // Sunday ends the week
    ['2026-12-07', '2026-12-07'],
    ['2027-01-01', '2026-12-28'], // across the year's end
    ['2024-03-01', '2024-02-26'], // across a leap day
    ['2026-10-05T23:59:59.000Z', '2026-10-05'], // a timestamp counts by its UTC date
  ])('%s is in the week of %s', (day, monday) => expect(weekStart(day)).toBe(monday));

  it('refuses what is not a date', () => expect(() => weekStart('soon')).toThrow(/not a date/));
});

describe('decisionsByWeek', () => {
  it('adds up the days of each week and fills quiet weeks with zeros', () => {
    expect(
      decisionsByWeek([
        { day: '2026-10-06', consented: 2, declined: 0 },
        { day: '2026-10-08', consented: 1, declined: 1 },
        { day: '2026-10-26', consented: 0, declined: 1 },
        { day: '2026-10-11', consented: 3, declined: 0 },
      ]),
    ).toEqual([
      { weekStart: '2026-10-05', consented: 6, declined: 1 },
      { weekStart: '2026-10-12', consented: 0, declined: 0 },
      { weekStart: '2026-10-19', consented: 0, declined: 0 },
      { weekStart: '2026-10-26', consented: 0, declined: 1 },
    ]);
  });

  it('is empty without decisions', () => expect(decisionsByWeek([])).toEqual([]));
});
