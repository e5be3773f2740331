import { describe, expect, it } from 'vitest';
import { interviewDueAt, localDeadline, startsWithinWindow } from './interview-deadline.ts';

// Each session ends at 14:00 local time on the day before a DST change (or none), so the
// deadline 48 elapsed hours later reads 15:00 after a spring change, 13:00 after an autumn
// change and 14:00 where nothing changed. Transition dates from the IANA tz database (2026):
// EU last Sunday of March/October at 01:00 UTC; US second Sunday of March, first Sunday of
// November at 02:00 local; New South Wales first Sunday of October/April at 02:00/03:00 local.
const cases = [
  {
    zone: 'Europe/Stockholm',
    transition: 'spring (29 March)',
    endsAt: '2026-03-28T13:00:00.000Z',
    endsLocal: '2026-03-28 14:00 CET',
    due: '2026-03-30T13:00:00.000Z',
    dueLocal: '2026-03-30 15:00 CEST',
  },
  {
    zone: 'Europe/Stockholm',
    transition: 'autumn (25 October)',
    endsAt: '2026-10-24T12:00:00.000Z',
    endsLocal: '2026-10-24 14:00 CEST',
    due: '2026-10-26T12:00:00.000Z',
    dueLocal: '2026-10-26 13:00 CET',
  },
  {
    zone: 'America/New_York',
    transition: 'spring (8 March)',
    endsAt: '2026-03-07T19:00:00.000Z',
    endsLocal: '2026-03-07 14:00 EST',
    due: '2026-03-09T19:00:00.000Z',
    dueLocal: '2026-03-09 15:00 EDT',
  },
  {
    zone: 'America/New_York',
    transition: 'autumn (1 November)',
    endsAt: '2026-10-31T18:00:00.000Z',
    endsLocal: '2026-10-31 14:00 EDT',
    due: '2026-11-02T18:00:00.000Z',
    dueLocal: '2026-11-02 13:00 EST',
  },
  {
    zone: 'Australia/Sydney',
    transition: 'spring (4 October)',
    endsAt: '2026-10-03T04:00:00.000Z',
    endsLocal: '2026-10-03 14:00 AEST',
    due: '2026-10-05T04:00:00.000Z',
    dueLocal: '2026-10-05 15:00 AEDT',
  },
  {
    zone: 'Australia/Sydney',
    transition: 'autumn (5 April)',
    endsAt: '2026-04-04T03:00:00.000Z',
    endsLocal: '2026-04-04 14:00 AEDT',
    due: '2026-04-06T03:00:00.000Z',
    dueLocal: '2026-04-06 13:00 AEST',
  },
  {
    zone: 'Asia/Kolkata',
    transition: 'none (no DST, +05:30)',
    endsAt: '2026-03-28T08:30:00.000Z',
    endsLocal: '2026-03-28 14:00 IST',
    due: '2026-03-30T08:30:00.000Z',
    dueLocal: '2026-03-30 14:00 IST',
  },
  {
    zone: 'Europe/Stockholm',
    transition: 'none inside the window (June)',
    endsAt: '2026-06-10T12:00:00.000Z',
    endsLocal: '2026-06-10 14:00 CEST',
    due: '2026-06-12T12:00:00.000Z',
    dueLocal: '2026-06-12 14:00 CEST',
  },
];

describe('interviewDueAt', () => {
  it.each(cases)('$zone, transition $transition', (c) => {
    expect(localDeadline(c.endsAt, c.zone).text).toBe(c.endsLocal);
    const due = interviewDueAt(c.endsAt);
    expect(due).toBe(c.due);
    // Exactly 48 elapsed hours, whatever the clocks did.
    expect(Date.parse(due) - Date.parse(c.endsAt)).toBe(48 * 3_600_000);
    expect(localDeadline(due, c.zone).text).toBe(c.dueLocal);
    // A booking at the deadline is in time; one minute after it is not.
    expect(startsWithinWindow(due, due)).toBe(true);
    expect(startsWithinWindow(new Date(Date.parse(due) + 60_000).toISOString(), due)).toBe(false);
    expect(startsWithinWindow(new Date(Date.parse(due) - 60_000).toISOString(), due)).toBe(true);
  });

  it('takes another window in hours and refuses an invalid end', () => {
    expect(interviewDueAt('2026-03-28T13:00:00.000Z', 24)).toBe('2026-03-29T13:00:00.000Z');
    expect(() => interviewDueAt('not a time')).toThrow(RangeError);
  });

  it('falls back to a UTC offset where no locale names the zone', () => {
    // Asia/Tokyo is named only by ja-JP ("JST"); Etc/GMT-3 by none.
    expect(localDeadline('2026-01-01T00:00:00.000Z', 'Asia/Tokyo').text).toBe(
      '2026-01-01 09:00 JST',
    );
    expect(localDeadline('2026-01-01T00:00:00.000Z', 'Etc/GMT-3').text).toBe(
      '2026-01-01 03:00 UTC+3',
    );
    expect(localDeadline('2026-01-01T00:00:00.000Z', 'UTC').text).toBe('2026-01-01 00:00 UTC');
  });
});
