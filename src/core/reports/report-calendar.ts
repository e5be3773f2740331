import { timeZoneOffsetMs } from '../time/zoned-time.ts';

/**
 * The calendar a report counts in: each record falls on its clinic's own date (times are
 * stored in UTC and a clinic's time zone is applied at the edge), and weeks start on Monday
 * (ISO 8601).
 */

/** The calendar date (YYYY-MM-DD) of the instant `iso` in `timeZone`. */
export function localDate(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  return new Date(instant.getTime() + timeZoneOffsetMs(instant, timeZone))
    .toISOString()
    .slice(0, 10);
}

/** The Monday (YYYY-MM-DD) that starts the week of the calendar date `date`. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

/** Every week start from the week of `from` to the week of `to`, in order. */
export function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  const last = Date.parse(`${weekStart(to)}T00:00:00Z`);
  for (let t = Date.parse(`${weekStart(from)}T00:00:00Z`); t <= last; t += 7 * 86_400_000)
    weeks.push(new Date(t).toISOString().slice(0, 10));
  return weeks;
}

/** A period of calendar dates, both ends included. */
export interface ReportPeriod {
  from: string;
  to: string;
}

export const inPeriod = (date: string, period: ReportPeriod) =>
  date >= period.from && date <= period.to;
