import type { AlertReportRow } from '../api/practice-report.ts';
import { shownForPeople } from '../research/small-cells.ts';
import { median } from '../stats/median.ts';
import { type ReportPeriod, inPeriod, localDate } from './report-calendar.ts';

/** One alert as the report counts it: when it was raised and what people did with it. */
export interface ReportAlert {
  type: string;
  createdAt: string;
  timeZone: string;
  /** Set while a person's acknowledgement stands (a reopened alert has none). */
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** The people the alert is about (its respondents, or its case when it names none). */
  people: string[];
}

const HOUR_MS = 3_600_000;
const peopleOf = (alerts: readonly ReportAlert[]) => new Set(alerts.flatMap((a) => a.people)).size;

function alertRow(type: string, alerts: readonly ReportAlert[], k: number): AlertReportRow {
  const acknowledged = alerts.filter((a) => a.acknowledgedAt !== null);
  const resolved = alerts.filter((a) => a.resolvedAt !== null);
  const hours = median(
    acknowledged.map((a) => (Date.parse(a.acknowledgedAt!) - Date.parse(a.createdAt)) / HOUR_MS),
  );
  return {
    type,
    raised: shownForPeople(peopleOf(alerts), alerts.length, k),
    acknowledged: shownForPeople(peopleOf(acknowledged), acknowledged.length, k),
    resolved: shownForPeople(peopleOf(resolved), resolved.length, k),
    medianHoursToAcknowledge:
      hours === null
        ? null
        : shownForPeople(peopleOf(acknowledged), Math.round(hours * 10) / 10, k),
  };
}

/**
 * Alerts raised in the period (on the clinic's calendar) by type, with how many of them a
 * person has acknowledged and how many are resolved (by a person or by the engine), and the
 * median hours from raising to acknowledgement; the last row (`all`) is every type together.
 * A count or median behind which fewer than `k` people stand is null.
 */
export function alertReport(
  alerts: readonly ReportAlert[],
  period: ReportPeriod,
  k: number,
): AlertReportRow[] {
  const raised = alerts.filter((a) => inPeriod(localDate(a.createdAt, a.timeZone), period));
  const types = [...new Set(raised.map((a) => a.type))].sort();
  return [
    ...types.map((type) =>
      alertRow(
        type,
        raised.filter((a) => a.type === type),
        k,
      ),
    ),
    alertRow('all', raised, k),
  ];
}
