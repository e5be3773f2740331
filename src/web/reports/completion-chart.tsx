import * as Plot from '@observablehq/plot';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompletionWeek } from '../../core/api/practice-report.ts';
import { ChartFigure } from '../case-view/series-chart.tsx';
import { ScrollTable } from '../components/scroll-table.tsx';
import { NumberHeadings } from './number-headings.tsx';

// Loaded lazily by practice-report-page.tsx, so Observable Plot stays out of the main bundle.
// Drawn the way the case view draws (ChartFigure): the SVG is hidden from assistive
// technology, the caption says the same in words, and a button shows the weeks as a table.

const BAR = '#4e79a7';

export default function CompletionChart(props: {
  weeks: CompletionWeek[];
  count: (n: number | null) => string;
  percent: (x: number | null) => string;
  date: (day: string) => string;
}) {
  const { t } = useTranslation();
  const { weeks, count, percent, date } = props;
  const shown = weeks.filter((w) => w.rate !== null);
  const [draw] = useState(
    () => (width: number) =>
      Plot.plot({
        width,
        height: 240,
        marginLeft: 48,
        marginBottom: 40,
        x: { label: t('reports.completion.week'), type: 'band', tickFormat: date },
        y: { label: t('reports.completion.rate'), domain: [0, 100], grid: true },
        marks: [
          Plot.barY(shown, { x: 'week', y: (w: CompletionWeek) => w.rate! * 100, fill: BAR }),
          Plot.ruleY([0]),
        ],
      }),
  );
  const title = t('reports.completion.chartTitle');
  const rates = shown.map((w) => w.rate!);
  return (
    <ChartFigure
      testId="completion-chart"
      title={title}
      summary={
        shown.length === 0
          ? t('reports.completion.summaryNone', { weeks: weeks.length })
          : t('reports.completion.summary', {
              weeks: weeks.length,
              shown: shown.length,
              low: percent(Math.min(...rates)),
              high: percent(Math.max(...rates)),
            })
      }
      legend={[{ label: t('reports.completion.rate'), color: BAR }]}
      draw={draw}
      table={
        <ScrollTable label={title} testId="completion-weeks-table" caption={false}>
          <thead>
            <tr>
              <th scope="col">{t('reports.completion.week')}</th>
              <NumberHeadings
                labels={[
                  t('reports.completion.asked'),
                  t('reports.completion.completed'),
                  t('reports.completion.rate'),
                ]}
              />
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">{date(w.week)}</th>
                <td className="number">{count(w.asked)}</td>
                <td className="number">{count(w.completed)}</td>
                <td className="number">{percent(w.rate)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      }
    />
  );
}
