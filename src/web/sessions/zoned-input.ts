import { timeZoneOffsetMs, zonedWallTimeToUtc } from '../../core/time/zoned-time.ts';

/**
 * A datetime-local field shows wall-clock time with no zone; the session is held in UTC.
 * These convert at the edge, in the clinic's time zone (not the browser's), so a therapist
 * travelling abroad still books 10:00 at the clinic.
 */
export function utcToLocalInput(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  const wall = new Date(instant.getTime() + timeZoneOffsetMs(instant, timeZone));
  return wall.toISOString().slice(0, 16);
}

/** `2026-11-30T10:00` in the clinic's zone → an ISO instant; null when the field is not a time. */
export function localInputToUtc(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return zonedWallTimeToUtc({ year, month, day, hour, minute }, timeZone).toISOString();
}
