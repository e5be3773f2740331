import { DEFAULT_INTERVIEW_WINDOW_HOURS } from './interview-vocabulary.ts';

/**
 * The IPR window (../shared/METHODS.md, "Research workflow"; Elliott's Brief Structured
 * Recall): an interview is due exactly `windowHours` elapsed hours after the session's
 * recorded end. The arithmetic is on UTC instants, so a DST change in the clinic's zone
 * never lengthens or shortens the window; the zone only changes how the deadline is shown
 * (after a spring change the deadline reads an hour later on the clock, after an autumn
 * change an hour earlier).
 */
export function interviewDueAt(
  sessionEndsAt: string,
  windowHours: number = DEFAULT_INTERVIEW_WINDOW_HOURS,
): string {
  const end = Date.parse(sessionEndsAt);
  if (Number.isNaN(end)) throw new RangeError('The session end is not a valid instant.');
  return new Date(end + windowHours * 3_600_000).toISOString();
}

/** An interview may start at the deadline, not a millisecond after it. */
export function startsWithinWindow(startsAt: string, dueAt: string): boolean {
  return Date.parse(startsAt) <= Date.parse(dueAt);
}

export interface LocalDeadline {
  /** Wall-clock date and time in the zone, e.g. "2026-03-31 14:00". */
  local: string;
  /** The zone's abbreviation at that instant (CEST, EDT, AEDT, IST), or "UTC+9". */
  abbreviation: string;
  /** Both, for messages: "2026-03-31 14:00 CEST". */
  text: string;
}

// No one locale names every zone's abbreviation (en-US says "GMT+2" for Stockholm, en-GB
// says "CEST" but "GMT+11" for Sydney), so each is asked in turn and a GMT offset is the
// last resort.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-NZ', 'en-IN', 'en-CA', 'ja-JP'];
const abbreviationFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneAbbreviation(instant: Date, timeZone: string): string {
  let fallback = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const key = `${locale} ${timeZone}`;
    let f = abbreviationFormatters.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
      abbreviationFormatters.set(key, f);
    }
    const name = f.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name && !/^(GMT|UTC)[+-−]/.test(name)) return name;
    fallback ||= name.replace(/^GMT/, 'UTC');
  }
  return fallback || 'UTC';
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The deadline as the clinic reads it: its wall-clock time and the zone's abbreviation. */
export function localDeadline(dueAt: string, timeZone: string): LocalDeadline {
  const instant = new Date(dueAt);
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    wallFormatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  const local = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  const abbreviation = zoneAbbreviation(instant, timeZone);
  return { local, abbreviation, text: `${local} ${abbreviation}` };
}
