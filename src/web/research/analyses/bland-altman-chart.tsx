import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudyAnalyses } from '../../../core/api/research-analyses.ts';
import { ChartFigure } from '../../case-view/series-chart.tsx';
import { ScrollTable } from '../../components/scroll-table.tsx';

// Loaded lazily by study-analyses-page.tsx, so Observable Plot stays out of the main bundle.
// Drawn the way the case view draws (ChartFigure): the SVG is hidden from assistive
// technology, the caption says the same in words, and a button shows every pair as a table.

const POINT = '#4e79a7';
const MEAN = '#59a14f';
const LIMIT = '#e15759';

type Row = StudyAnalyses['agreement'][number];

export default function BlandAltmanChart(props: {
  row: Row;
  scaleName: string;
  format: (x: number | null, digits?: number) => string;
}) {
  const { t } = useTranslation();
  const { row, format } = props;
  const [lo, hi] = row.limits!;
  const d = row.meanDifference!;
  // Built again when the language changes (`t` is new then): the axis titles are in it.
  const draw = useMemo(
    () => (width: number) =>
      Plot.plot({
        width,
        height: 260,
        marginLeft: 48,
        x: { label: t('studyAnalyses.agreement.axisX'), nice: true },
        y: { label: t('studyAnalyses.agreement.axisY'), grid: true, nice: true },
        marks: [
          Plot.ruleY([0], { stroke: '#999' }),
          Plot.ruleY([d], { stroke: MEAN }),
          Plot.ruleY([lo, hi], { stroke: LIMIT, strokeDasharray: '4,3' }),
          Plot.dot(row.points, { x: 'mean', y: 'difference', fill: POINT, r: 4 }),
        ],
      }),
    [t, row],
  );
  const outside = row.points.filter((p) => p.difference < lo || p.difference > hi).length;
  const title = t('studyAnalyses.agreement.chartTitle', { scale: props.scaleName });
  return (
    <ChartFigure
      testId="bland-altman-chart"
      title={title}
      summary={t('studyAnalyses.agreement.summary', {
        n: row.n,
        mean: format(d),
        lo: format(lo),
        hi: format(hi),
        outside,
      })}
      legend={[
        { label: t('studyAnalyses.agreement.legendPairs'), color: POINT },
        { label: t('studyAnalyses.agreement.legendMean'), color: MEAN },
        { label: t('studyAnalyses.agreement.legendLimits'), color: LIMIT, dashed: true },
      ]}
      draw={draw}
      table={
        <ScrollTable label={title} testId="bland-altman-table" caption={false}>
          <thead>
            <tr>
              <th scope="col">{t('studyAnalyses.agreement.axisX')}</th>
              <th scope="col">{t('studyAnalyses.agreement.axisY')}</th>
            </tr>
          </thead>
          <tbody>
            {row.points.map((p, i) => (
              <tr key={i}>
                <td>{format(p.mean)}</td>
                <td>{format(p.difference)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      }
    />
  );
}
