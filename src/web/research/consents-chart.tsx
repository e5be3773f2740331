import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudyDashboard } from '../../core/api/research-dashboard.ts';
import { ChartFigure } from '../case-view/series-chart.tsx';

// Loaded lazily by study-dashboard-page.tsx, so Observable Plot stays out of the main
// bundle. Drawn the way the case view draws (ChartFigure): the SVG is hidden from assistive
// technology, the caption says the same in words, and a button shows the numbers as a table.

const CONSENTED = '#4e79a7';
const DECLINED = '#e15759';

type Week = StudyDashboard['weeks'][number];

export default function ConsentsChart(props: {
  weeks: Week[];
  count: (n: number | null) => string;
}) {
  const { t, i18n } = useTranslation();
  const { weeks, count } = props;
  const day = (iso: string) =>
    new Date(`${iso}T00:00:00Z`).toLocaleDateString(i18n.language, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  const labels = [t('studyDashboard.weeks.consented'), t('studyDashboard.weeks.declined')];
  // A withheld count (null) is left out of the drawing; the table says it is withheld.
  const rows = weeks.flatMap((w) =>
    (
      [
        [labels[0]!, w.consented],
        [labels[1]!, w.declined],
      ] as const
    )
      .filter(([, n]) => n !== null && n > 0)
      .map(([label, n]) => ({ week: new Date(`${w.weekStart}T00:00:00Z`), label, n: n! })),
  );
  // Built again when the language changes (`t` is new then): the axis titles and the dates
  // under the axis are in it.
  const draw = useMemo(
    () => (width: number) =>
      Plot.plot({
        width,
        height: 220,
        marginLeft: 40,
        x: {
          type: 'utc',
          label: t('studyDashboard.weeks.axisX'),
          // Day and month in the page's language (Plot's own labels are English).
          tickFormat: (d: Date) =>
            d.toLocaleDateString(i18n.language, {
              timeZone: 'UTC',
              day: 'numeric',
              month: 'short',
            }),
          domain: [
            new Date(`${weeks[0]!.weekStart}T00:00:00Z`),
            new Date(Date.parse(`${weeks.at(-1)!.weekStart}T00:00:00Z`) + 7 * 86_400_000),
          ],
        },
        y: { label: t('studyDashboard.weeks.axisY'), grid: true, tickFormat: 'd' },
        color: { domain: labels, range: [CONSENTED, DECLINED] },
        marks: [
          Plot.rectY(rows, { x: 'week', y: 'n', fill: 'label', interval: 'monday', inset: 1 }),
          Plot.ruleY([0]),
        ],
      }),
    [t, weeks],
  );
  const sum = (key: 'consented' | 'declined') =>
    weeks.reduce((total, w) => total + (w[key] ?? 0), 0);
  const most = weeks.reduce((best, w) => ((w.consented ?? 0) > (best.consented ?? 0) ? w : best));
  const title = t('studyDashboard.weeks.chartTitle');
  return (
    <ChartFigure
      testId="consents-chart"
      title={title}
      summary={t('studyDashboard.weeks.summary', {
        first: day(weeks[0]!.weekStart),
        last: day(weeks.at(-1)!.weekStart),
        consented: sum('consented'),
        declined: sum('declined'),
        most: count(most.consented),
        mostWeek: day(most.weekStart),
      })}
      legend={[
        { label: labels[0]!, color: CONSENTED },
        { label: labels[1]!, color: DECLINED },
      ]}
      draw={draw}
      table={
        <div className="table-scroll" role="region" aria-label={title} tabIndex={0}>
          <table className="data-table" data-testid="consents-chart-table">
            <thead>
              <tr>
                <th scope="col">{t('studyDashboard.weeks.week')}</th>
                <th scope="col">{labels[0]}</th>
                <th scope="col">{labels[1]}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.weekStart}>
                  <th scope="row">{day(w.weekStart)}</th>
                  <td>{count(w.consented)}</td>
                  <td>{count(w.declined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    />
  );
}
