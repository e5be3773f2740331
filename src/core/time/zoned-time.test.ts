import { describe, expect, it } from 'vitest';
import { timeZoneOffsetMs, zonedWallTimeToUtc } from './zoned-time.ts';

const hour = 3_600_000;

describe('time zones at the edges', () => {
  it.each([
    // Offsets from the IANA database: New York is UTC−5 in winter and UTC−4 in summer.
    ['America/New_York', '2026-01-15T12:00:00Z', -5 * hour],
    ['America/New_York', '2026-07-15T12:00:00Z', -4 * hour],
    ['Europe/Madrid', '2026-07-15T12:00:00Z', 2 * hour],
    ['Asia/Kolkata', '2026-07-15T12:00:00Z', 5.5 * hour],
    ['UTC', '2026-07-15T12:00:00Z', 0],
  ])('%s at %s is %d ms from UTC', (zone, instant, offset) => {
    expect(timeZoneOffsetMs(new Date(instant), zone)).toBe(offset);
  });

  it('turns a clinic wall-clock time into UTC on both sides of a DST change', () => {
    // US DST began on 2026-03-08 at 02:00 local.
    expect(
      zonedWallTimeToUtc(
        { year: 2026, month: 3, day: 7, hour: 9 },
        'America/New_York',
      ).toISOString(),
    ).toBe('2026-03-07T14:00:00.000Z');
    expect(
      zonedWallTimeToUtc(
        { year: 2026, month: 3, day: 9, hour: 9 },
        'America/New_York',
      ).toISOString(),
    ).toBe('2026-03-09T13:00:00.000Z');
  });
});
