import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseViewResponse } from '../../core/api/case-view.ts';

// The one way the case view draws scores over sessions: series → Plot marks, the caption
// that says the same in words, and a table with the same numbers (case-charts.tsx uses it
// for the alliance total, the alliance subscales and each outcome measure).

/** Tableau 10: distinguishable lines for up to ten respondents. */
const PALETTE = [
  '#4e79a7',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#f28e2c',
  '#76b7b2',
  '#9c755f',
  '#edc949',
  '#ff9da7',
  '#bab0ab',
];

export type Translate = ReturnType<typeof useTranslation>['t'];

/** One plotted point: where it goes, whose it is, and the series and point it came from. */
export interface SeriesRow<S, P> {
  session: number;
  y: number;
  label: string;
  respondentId: string;
  facet: string | undefined;
  dashed: boolean;
  series: S;
  point: P;
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
}

/** Puts test ids and data attributes on each drawn element of a mark (lines, text, symbols). */
export function tagMarks<T>(
  rows: T[],
  testId: string,
  attributes: (row: T) => Record<string, string>,
): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const g = next!(index, scales, values, dimensions, context) as SVGGElement;
    g.querySelectorAll('line, text, path, circle').forEach((element, i) => {
      const row = rows[index[i]!];
      if (row === undefined) return;
      element.setAttribute('data-testid', testId);
      for (const [name, value] of Object.entries(attributes(row)))
        element.setAttribute(`data-${name}`, value);
    });
    return g;
  };
}

/** Puts each dot's respondent and session on its SVG element, for tests and styling. */
export const tagPoints = <S, P>(rows: SeriesRow<S, P>[], testId: string) =>
  tagMarks(rows, testId, (row) => ({ respondent: row.respondentId, session: String(row.session) }));

/** Missed sessions as dashed rules, interpreted ones marked with an "i". */
function sessionMarks(view: CaseViewResponse) {
  const missed = view.sessions.filter(
    (s) => s.attendance === 'cancelled' || s.attendance === 'no-show',
  );
  const interpreted = view.sessions.filter((s) => s.interpreterName !== null);
  return [
    Plot.ruleX(missed, { x: 'number', stroke: '#767676', strokeDasharray: '3,3' }),
    Plot.text(interpreted, {
      x: 'number',
      text: () => 'i',
      frameAnchor: 'top',
      dy: 4,
      fontWeight: 'bold',
      fill: '#444',
    }),
  ];
}

function xAxis(view: CaseViewResponse, t: Translate): Plot.ScaleOptions {
  const max = Math.max(1, ...view.sessions.map((s) => s.number));
  return {
    domain: [0.5, max + 0.5],
    label: t('caseView.sessionAxis'),
    ticks: Math.min(max, 10),
    tickFormat: 'd',
  };
}

export interface SeriesChartProps<
  S extends { instrumentTitle: string },
  P extends { sessionNumber: number },
> {
  view: CaseViewResponse;
  testId: string;
  title: string;
  series: S[];
  points: (s: S) => P[];
  /** Whose series it is; `label` names its colour, a dashed series is the therapist's. */
  respondent: (s: S) => { id: string; label: string; dashed?: boolean };
  /** The plotted value of a point. */
  y: (p: P) => number;
  /** The colour domain, when it must be the same across charts; default the series' labels. */
  labels?: string[];
  plot: {
    height: number;
    y: Plot.ScaleOptions;
    /** Small multiples, one panel per facet. */
    facets?: { of: (s: S) => string; domain: string[]; tickFormat: (facet: string) => string };
    symbol?: Plot.ScaleOptions;
    pointTestId: string;
    pointRadius: number;
    /** Marks under the lines (after the session marks) and over the points. */
    under?: Plot.Markish[];
    over?: (rows: SeriesRow<S, P>[]) => Plot.Markish[];
  };
  caption: {
    key: (s: S) => string;
    name: (s: S) => string;
    value: (p: P) => string;
    /** Lines after the one per series. */
    after?: ReactNode;
  };
  legendAfter?: LegendItem[];
  table: {
    columns: { header: string; cell: (s: S, p: P) => ReactNode }[];
    rowKey: (s: S, p: P) => string;
    /** Shown above the table of points. */
    before?: ReactNode;
  };
}

/** A chart of series over sessions, its caption in words, and the same points as a table. */
export function SeriesChart<
  S extends { instrumentTitle: string },
  P extends { sessionNumber: number },
>(props: SeriesChartProps<S, P>) {
  const { t } = useTranslation();
  const { view, series, points, respondent, plot, caption, table } = props;
  const labels = props.labels ?? [...new Set(series.map((s) => respondent(s).label))];
  const colorOf = (label: string) => PALETTE[labels.indexOf(label) % PALETTE.length]!;
  const rows: SeriesRow<S, P>[] = series.flatMap((s) => {
    const who = respondent(s);
    return points(s).map((p) => ({
      session: p.sessionNumber,
      y: props.y(p),
      label: who.label,
      respondentId: who.id,
      facet: plot.facets?.of(s),
      dashed: who.dashed ?? false,
      series: s,
      point: p,
    }));
  });
  // Built again when the language changes (`t` is new then, and so are the labels and
  // formatters the caller passes): the axis titles and the series' names are drawn in it.
  const draw = useMemo(
    () => (width: number) => {
      const common = { x: 'session', y: 'y', z: 'label', ...(plot.facets && { fx: 'facet' }) };
      const dashed = rows.filter((r) => r.dashed);
      return Plot.plot({
        width,
        height: plot.height,
        marginLeft: 40,
        x: xAxis(view, t),
        y: plot.y,
        color: { domain: labels, range: labels.map(colorOf) },
        ...(plot.facets && {
          fx: { domain: plot.facets.domain, label: null, tickFormat: plot.facets.tickFormat },
        }),
        ...(plot.symbol && { symbol: plot.symbol }),
        marks: [
          ...sessionMarks(view),
          ...(plot.under ?? []),
          Plot.line(
            rows.filter((r) => !r.dashed),
            { ...common, stroke: 'label', strokeWidth: 2 },
          ),
          ...(dashed.length > 0
            ? [
                Plot.line(dashed, {
                  ...common,
                  stroke: 'label',
                  strokeWidth: 2,
                  strokeDasharray: '6,3',
                }),
              ]
            : []),
          Plot.dot(rows, {
            ...common,
            fill: 'label',
            r: plot.pointRadius,
            render: tagPoints(rows, plot.pointTestId),
          }),
          ...(plot.over?.(rows) ?? []),
        ],
      });
    },
    [t, view],
  );
  return (
    <ChartFigure
      testId={props.testId}
      title={props.title}
      summary={
        <>
          {series.map((s) => {
            const all = points(s);
            const first = all[0]!;
            const last = all.at(-1)!;
            return (
              <span key={caption.key(s)} className="summary-line">
                {t('caseView.seriesSummary', {
                  name: caption.name(s),
                  instrument: s.instrumentTitle,
                  count: all.length,
                  first: caption.value(first),
                  firstSession: first.sessionNumber,
                  last: caption.value(last),
                  lastSession: last.sessionNumber,
                })}
              </span>
            );
          })}
          {caption.after}
        </>
      }
      legend={[
        ...labels.map((label) => ({
          label,
          color: colorOf(label),
          dashed: rows.some((r) => r.label === label && r.dashed),
        })),
        ...(props.legendAfter ?? []),
      ]}
      draw={draw}
      table={
        <>
          {table.before}
          <div className="table-scroll" role="region" aria-label={props.title} tabIndex={0}>
            <table className="data-table" data-testid={`${props.testId}-table`}>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th key={c.header} scope="col">
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {series
                  .flatMap((s) => points(s).map((p) => ({ s, p })))
                  .sort((a, b) => a.p.sessionNumber - b.p.sessionNumber)
                  .map(({ s, p }) => (
                    <tr key={table.rowKey(s, p)}>
                      {table.columns.map((c) => (
                        <td key={c.header}>{c.cell(s, p)}</td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </>
      }
    />
  );
}

/** A chart, its text alternative, and a button that shows the same numbers as a table. */
export function ChartFigure(props: {
  testId: string;
  title: string;
  summary: ReactNode;
  legend: LegendItem[];
  draw: (width: number) => Element;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const chart = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const { draw } = props;
  // The width the chart has, followed as it changes (a phone turned, a window resized); the
  // drawing is redone only when the width it is drawn at would change.
  const [width, setWidth] = useState<number | null>(null);
  const drawnAt = useRef<number | null>(null);
  const fit = (available: number) => Math.max(280, Math.min(Math.round(available), 900));
  useEffect(() => {
    const container = chart.current;
    if (asTable || !container || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && fit(entry.contentRect.width) !== drawnAt.current)
        setWidth(fit(entry.contentRect.width));
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, [asTable]);
  useEffect(() => {
    const container = chart.current;
    if (asTable || !container) return;
    drawnAt.current = width ?? fit(container.clientWidth);
    const svg = draw(drawnAt.current);
    // The figcaption and the table carry the numbers; the drawing itself is decoration for
    // assistive technology, so it is hidden from it rather than read mark by mark.
    svg.setAttribute('aria-hidden', 'true');
    container.replaceChildren(svg);
    return () => svg.remove();
  }, [asTable, draw, width]);
  return (
    <figure className="chart-figure" data-testid={props.testId} aria-labelledby={titleId}>
      <div className="chart-heading">
        <h3 id={titleId}>{props.title}</h3>
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
          {t('caseView.showTable')}
        </button>
      </div>
      {asTable ? (
        props.table
      ) : (
        <>
          <ul className="chart-legend">
            {props.legend.map((item) => (
              <li key={item.label}>
                <span
                  aria-hidden="true"
                  className={item.dashed ? 'swatch swatch-dashed' : 'swatch'}
                  style={{ borderColor: item.color }}
                />
                {item.label}
              </li>
            ))}
          </ul>
          <div ref={chart} className="chart" />
        </>
      )}
      <figcaption>{props.summary}</figcaption>
    </figure>
  );
}
