import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompletionWeek } from '../../core/api/practice-report.ts';
import { ChartFigure } from '../case-view/series-chart.tsx';
import { ScrollTable } from '../components/scroll-table.tsx';
import { NumberHeadings } from './number-headings.tsx';
import { spacedTicks } from './spaced-ticks.ts';

// Loaded lazily by practice-report-page.tsx, so Observable Plot stays out of the main bundle.
// Drawn the way the case view draws (ChartFigure): the SVG is hidden from assistive
// technology, the caption says the same in words, and a button shows the weeks as a table.

const BAR = '#4e79a7';
const MARGIN_LEFT = 48;

/** How wide Plot draws an axis label: 10 px in the system font, as plot.js sets on its SVG. */
function axisTextWidth(text: string): number {
  const context = document.createElement('canvas').getContext('2d')!;
  context.font = '10px system-ui, sans-serif';
  return context.measureText(text).width;
}

export default function CompletionChart(props: {
  weeks: CompletionWeek[];
  count: (n: number | null) => string;
  percent: (x: number | null) => string;
  date: (day: string) => string;
}) {
  const { t } = useTranslation();
  const { weeks, count, percent, date } = props;
  const shown = weeks.filter((w) => w.rate !== null);
  // Built again when the language changes (`t` is new then, and so are the page's
  // formatters): the axis titles and the week labels are drawn into the SVG in it.
  const draw = useMemo(
    () => (width: number) => {
      // Every week of the period has its place, so a week held back ("< 5") is a gap in
      // the bars rather than a week missing from the axis.
      const ticks = weeks.map((w) => w.week);
      const widest = Math.max(0, ...ticks.map((week) => axisTextWidth(date(week))));
      // Half the widest label on the right, so the last one is not cut off at the edge.
      const marginRight = Math.max(20, Math.ceil(widest / 2));
      // Plot's band scale pads by a tenth of a step inside and outside.
      const step = (width - MARGIN_LEFT - marginRight) / (ticks.length + 0.1);
      return Plot.plot({
        width,
        height: 240,
        marginLeft: MARGIN_LEFT,
        marginRight,
        marginBottom: 40,
        x: {
          label: t('reports.completion.week'),
          type: 'band',
          domain: ticks,
          tickFormat: date,
          ticks: spacedTicks(ticks, widest, step),
        },
        y: { label: t('reports.completion.rate'), domain: [0, 100], grid: true },
        marks: [
          Plot.barY(shown, { x: 'week', y: (w: CompletionWeek) => w.rate! * 100, fill: BAR }),
          Plot.ruleY([0]),
        ],
      });
    },
    [t, weeks],
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
