import type { PracticeReport, ReportSection } from '../api/practice-report.ts';
import { withheldLabel } from '../research/small-cells.ts';

/** A report table as its CSV has it: a header and rows of numbers, text or empty cells. */
export interface ReportTable {
  header: string[];
  rows: (string | number | null)[][];
}

/**
 * Each table of the practice report as CSV rows (the same numbers as the page): a withheld
 * count reads "< k", a withheld rate or median is empty, as on the page. Rates are
 * proportions (0–1), medians minutes or hours as their column says. Through `toCsv`, text cells are guarded against formulas.
 */
export function reportTable(report: PracticeReport, section: ReportSection): ReportTable {
  const k = report.minCellSize;
  const n = (x: number | null) => (x === null ? withheldLabel(k) : x);
  const outcomeTable = (groupColumn: string, rows: PracticeReport['clinicOutcomes']) => ({
    header: [groupColumn, 'instrument', 'measured', 'improved_rate', 'deteriorated_rate'],
    rows: rows.map((r) => [
      r.groupName,
      r.instrumentId,
      n(r.measured),
      r.improvedRate,
      r.deterioratedRate,
    ]),
  });
  switch (section) {
    case 'completion-weeks':
      return {
        header: ['week', 'asked', 'completed', 'rate'],
        rows: report.completionWeeks.map((w) => [w.week, n(w.asked), n(w.completed), w.rate]),
      };
    case 'completion':
      return {
        header: [
          'week',
          'instrument',
          'asked',
          'completed',
          'rate',
          'timed',
          'median_minutes_answering',
          'median_hours_link_to_sent',
        ],
        rows: report.completion.map((r) => [
          r.week,
          r.instrumentId,
          n(r.asked),
          n(r.completed),
          r.rate,
          n(r.timed),
          r.medianMinutes,
          r.medianHours,
        ]),
      };
    case 'alerts':
      return {
        header: ['type', 'raised', 'acknowledged', 'resolved', 'median_hours_to_acknowledge'],
        rows: report.alerts.map((r) => [
          r.type,
          n(r.raised),
          n(r.acknowledged),
          n(r.resolved),
          r.medianHoursToAcknowledge,
        ]),
      };
    case 'clinic-outcomes':
      return outcomeTable('clinic', report.clinicOutcomes);
    case 'therapist-outcomes':
      return outcomeTable('therapist', report.therapistOutcomes);
  }
}
