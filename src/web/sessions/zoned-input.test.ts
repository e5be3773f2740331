import { describe, expect, it } from 'vitest';
import { localInputToUtc, utcToLocalInput } from './zoned-input.ts';

// Offsets from the IANA rules: London is UTC+1 in summer (BST), UTC+0 in winter; Mexico City
// has had no DST since 2022 (UTC−6); Sydney is UTC+11 in its summer (AEDT).
describe('datetime-local fields in the clinic’s time zone', () => {
  it.each([
    ['2026-12-01T10:00', 'Europe/London', '2026-12-01T10:00:00.000Z'],
    ['2026-07-01T10:00', 'Europe/London', '2026-07-01T09:00:00.000Z'],
    ['2026-07-01T10:00', 'America/Mexico_City', '2026-07-01T16:00:00.000Z'],
    ['2026-01-15T09:30', 'Australia/Sydney', '2026-01-14T22:30:00.000Z'],
    // The Sunday the clocks go forward in Europe: 10:00 is already BST.
    ['2026-03-29T10:00', 'Europe/London', '2026-03-29T09:00:00.000Z'],
  ])('%s in %s is %s, and back', (local, zone, utc) => {
    expect(localInputToUtc(local, zone)).toBe(utc);
    expect(utcToLocalInput(utc, zone)).toBe(local);
  });

  it('refuses what is not a date and a time', () => {
    expect(localInputToUtc('', 'Europe/London')).toBe(null);
    expect(localInputToUtc('2026-12-01', 'Europe/London')).toBe(null);
    expect(localInputToUtc('tomorrow at ten', 'Europe/London')).toBe(null);
  });
});
