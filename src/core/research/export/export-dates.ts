import { MAX_SHIFT_DAYS } from './export-settings.ts';

const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, as days since 1970-01-01. */
const utcDay = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

/**
 * A date moved back by the participant's shift (REDCap's date shifting: the same number of
 * days, 0–364, for every date of one person, so intervals between their dates stay true).
 * Only the date is given, never the time of day.
 */
export function shiftedDate(iso: string, shiftDays: number): string {
  if (!Number.isInteger(shiftDays) || shiftDays < 0 || shiftDays > MAX_SHIFT_DAYS)
    throw new RangeError(`A date shift is 0–${MAX_SHIFT_DAYS} whole days, not ${shiftDays}`);
  return new Date((utcDay(iso) - shiftDays) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole UTC days from the first instant to this one (0 on the first session's day). */
export function daysSince(iso: string, firstIso: string): number {
  return utcDay(iso) - utcDay(firstIso);
}

/** A random shift of 0–364 days from a uniform number in [0, 1). */
export function shiftFromUniform(u: number): number {
  return Math.min(MAX_SHIFT_DAYS, Math.floor(u * (MAX_SHIFT_DAYS + 1)));
}
