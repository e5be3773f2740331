/**
 * How a study's export treats dates (METHODS.md, "De-identified export", after REDCap):
 * `shift` moves every date of a participant back by their own stored 0–364 days;
 * `days-since-first-session` gives each date as whole days since the participant's first
 * exported session, and no calendar date at all.
 */
export const EXPORT_DATE_HANDLINGS = ['shift', 'days-since-first-session'] as const;
export type ExportDateHandling = (typeof EXPORT_DATE_HANDLINGS)[number];

/** The largest shift: a date moves back by 0 to 364 days, so never by a whole year. */
export const MAX_SHIFT_DAYS = 364;
