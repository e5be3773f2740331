import type { CompletionRow, CompletionWeek } from '../api/practice-report.ts';
import { shownForPeople } from '../research/small-cells.ts';
import { median } from '../stats/median.ts';
import { type ReportPeriod, inPeriod, localDate, weekStart, weeksOf } from './report-calendar.ts';

/** One instrument of one questionnaire request (a link), as the report counts it. */
export interface AskedForm {
  requestId: string;
  /** Who was asked (`client:<id>` or `therapist:<id>`): the small-cell rule counts these. */
  respondentKey: string;
  instrumentId: string;
  /** When the link was made (UTC), and the clinic's time zone that dates it. */
  createdAt: string;
  timeZone: string;
  /** When this form was sent, or null while it is unanswered. */
  submittedAt: string | null;
  /** When the person first opened the link, or null (never opened, or made before it was noted). */
  firstOpenedAt: string | null;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const people = (forms: readonly AskedForm[]) => new Set(forms.map((f) => f.respondentKey)).size;

function completionCells(forms: readonly AskedForm[], k: number) {
  const completed = forms.filter((f) => f.submittedAt !== null);
  const asked = people(forms);
  return {
    asked: shownForPeople(asked, forms.length, k),
    completed: shownForPeople(people(completed), completed.length, k),
    rate: forms.length === 0 ? null : shownForPeople(asked, completed.length / forms.length, k),
    completedForms: completed,
  };
}

/**
 * Minutes a person spent on each sent form of a link that was opened: from the link's first
 * opening, or from the sending of the link's previous form when that came later (a link of
 * two forms is one sitting, and the second form's time is not also the first's). Forms of a
 * link never opened, and anything sent before the opening, have no time.
 */
function answeringMinutes(forms: readonly AskedForm[]): Map<AskedForm, number> {
  const sentByRequest = new Map<string, number[]>();
  for (const f of forms)
    if (f.submittedAt !== null)
      sentByRequest.set(f.requestId, [
        ...(sentByRequest.get(f.requestId) ?? []),
        Date.parse(f.submittedAt),
      ]);
  const minutes = new Map<AskedForm, number>();
  for (const f of forms) {
    if (f.submittedAt === null || f.firstOpenedAt === null) continue;
    const sent = Date.parse(f.submittedAt);
    const start = Math.max(
      Date.parse(f.firstOpenedAt),
      ...(sentByRequest.get(f.requestId) ?? []).filter((t) => t < sent),
    );
    if (start <= sent) minutes.set(f, (sent - start) / MINUTE_MS);
  }
  return minutes;
}

/**
 * Forms asked and completed per week (the week the link was made, in the clinic's calendar)
 * and per instrument, with two medians: the minutes spent answering (from the link's first
 * opening, `answeringMinutes`; forms without an opening time are left out and counted as
 * `timed`), and the hours from the link being made to the form being sent (the delay before
 * answering; docs/reports.md). A count, rate or median behind which fewer than `k` people
 * stand is null.
 */
export function completionReport(
  forms: readonly AskedForm[],
  period: ReportPeriod,
  titles: ReadonlyMap<string, string>,
  k: number,
): { weeks: CompletionWeek[]; rows: CompletionRow[] } {
  const byWeek = new Map<string, AskedForm[]>();
  for (const f of forms) {
    const date = localDate(f.createdAt, f.timeZone);
    if (!inPeriod(date, period)) continue;
    const week = weekStart(date);
    byWeek.set(week, [...(byWeek.get(week) ?? []), f]);
  }
  const weeks = weeksOf(period.from, period.to).map((week) => {
    const { completedForms: _, ...cells } = completionCells(byWeek.get(week) ?? [], k);
    return { week, ...cells };
  });
  const minutes = answeringMinutes(forms);
  const rows: CompletionRow[] = [];
  for (const [week, weekForms] of [...byWeek].sort(([a], [b]) => a.localeCompare(b))) {
    const instruments = [...new Set(weekForms.map((f) => f.instrumentId))].sort();
    for (const instrumentId of instruments) {
      const asked = weekForms.filter((f) => f.instrumentId === instrumentId);
      const { completedForms, ...cells } = completionCells(asked, k);
      const hours = median(
        completedForms.map((f) => (Date.parse(f.submittedAt!) - Date.parse(f.createdAt)) / HOUR_MS),
      );
      const timedForms = completedForms.filter((f) => minutes.has(f));
      const answering = median(timedForms.map((f) => minutes.get(f)!));
      const roundedFor = (group: readonly AskedForm[], x: number | null) =>
        x === null ? null : shownForPeople(people(group), Math.round(x * 10) / 10, k);
      rows.push({
        week,
        instrumentId,
        instrumentTitle: titles.get(instrumentId) ?? instrumentId,
        ...cells,
        timed: shownForPeople(people(timedForms), timedForms.length, k),
        medianMinutes: roundedFor(timedForms, answering),
        medianHours: roundedFor(completedForms, hours),
      });
    }
  }
  return { weeks, rows };
}
