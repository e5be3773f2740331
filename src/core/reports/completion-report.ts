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
}

const HOUR_MS = 3_600_000;
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
 * Forms asked and completed per week (the week the link was made, in the clinic's calendar)
 * and per instrument, with the median time from the link being made to the form being sent.
 * Rapport stores no time at which a person starts a form, so this is the delay before
 * answering, not the time spent answering (docs/reports.md). A count, rate or median behind
 * which fewer than `k` people stand is null.
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
  const rows: CompletionRow[] = [];
  for (const [week, weekForms] of [...byWeek].sort(([a], [b]) => a.localeCompare(b))) {
    const instruments = [...new Set(weekForms.map((f) => f.instrumentId))].sort();
    for (const instrumentId of instruments) {
      const asked = weekForms.filter((f) => f.instrumentId === instrumentId);
      const { completedForms, ...cells } = completionCells(asked, k);
      const hours = median(
        completedForms.map((f) => (Date.parse(f.submittedAt!) - Date.parse(f.createdAt)) / HOUR_MS),
      );
      rows.push({
        week,
        instrumentId,
        instrumentTitle: titles.get(instrumentId) ?? instrumentId,
        ...cells,
        medianHours:
          hours === null
            ? null
            : shownForPeople(people(completedForms), Math.round(hours * 10) / 10, k),
      });
    }
  }
  return { weeks, rows };
}
