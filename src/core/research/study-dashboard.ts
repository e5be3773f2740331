/**
 * Pure pieces of the study dashboard (issue 16, item 7): the week a consent falls in, a
 * gap-free series of weeks for the chart, and the small-cell rule that every count of the
 * dashboard passes through.
 */

/** A count the dashboard shows, or null when it is withheld as a small cell. */
export type DashboardCount = number | null;

/**
 * Counts on the study dashboard are for the study team, who see the participants by
 * pseudonym anyway, so nothing is withheld (0). A dashboard shown more widely would set a
 * threshold k here: a count of 1 to k − 1 is then withheld (null), as statistical agencies
 * do for small cells (0 stays 0: an empty cell identifies nobody).
 */
export const DASHBOARD_MIN_CELL = 0;

/** `n`, or null when it is a small cell under threshold `k` (1 ≤ n < k). */
export function smallCell(n: number, k: number = DASHBOARD_MIN_CELL): DashboardCount {
  return n > 0 && n < k ? null : n;
}

const DAY_MS = 86_400_000;

/** The Monday (ISO 8601 week start) of a `YYYY-MM-DD` date, as `YYYY-MM-DD`. */
export function weekStart(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${day}`);
  // getUTCDay: Sunday 0 … Saturday 6; days since Monday is (day + 6) mod 7.
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

export interface DayDecisions {
  /** `YYYY-MM-DD` (UTC) of the signing. */
  day: string;
  consented: number;
  declined: number;
}

export interface WeekDecisions {
  /** The Monday the week starts on. */
  weekStart: string;
  consented: number;
  declined: number;
}

/**
 * Consents and declines per week from the first week with one to the last, weeks without
 * any included as zeros (a chart over time shows a quiet week as a quiet week).
 */
export function decisionsByWeek(days: readonly DayDecisions[]): WeekDecisions[] {
  if (days.length === 0) return [];
  const weeks = new Map<string, WeekDecisions>();
  for (const d of days) {
    const start = weekStart(d.day);
    const week = weeks.get(start) ?? { weekStart: start, consented: 0, declined: 0 };
    week.consented += d.consented;
    week.declined += d.declined;
    weeks.set(start, week);
  }
  const starts = [...weeks.keys()].sort();
  const out: WeekDecisions[] = [];
  const last = Date.parse(`${starts.at(-1)!}T00:00:00Z`);
  for (let t = Date.parse(`${starts[0]!}T00:00:00Z`); t <= last; t += 7 * DAY_MS) {
    const start = new Date(t).toISOString().slice(0, 10);
    out.push(weeks.get(start) ?? { weekStart: start, consented: 0, declined: 0 });
  }
  return out;
}
