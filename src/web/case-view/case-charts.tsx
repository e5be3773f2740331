import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AllianceSeries,
  CaseRupture,
  CaseRuptureEvent,
  CaseViewResponse,
  OutcomeSeries,
} from '../../core/api/case-view.ts';
import { formatNumber } from './format-zoned-time.ts';

// Loaded lazily by case-page.tsx, so Observable Plot stays out of the main bundle.

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

interface Row {
  session: number;
  y: number;
  value: number;
  respondentId: string;
  label: string;
  side: 'client' | 'therapist';
  scale: string;
}

type Translate = ReturnType<typeof useTranslation>['t'];

const respondentLabel = (t: Translate, name: string, side: 'client' | 'therapist') =>
  `${name} (${t(side === 'client' ? 'caseView.clientSide' : 'caseView.therapistSide')})`;

/** Puts each dot's respondent and session on its SVG element, for tests and styling. */
function tagPoints(rows: Row[], testId: string): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const g = next!(index, scales, values, dimensions, context) as SVGGElement;
    g.querySelectorAll('circle, path').forEach((element, i) => {
      const row = rows[index[i]!];
      if (!row) return;
      element.setAttribute('data-testid', testId);
      element.setAttribute('data-respondent', row.respondentId);
      element.setAttribute('data-session', String(row.session));
    });
    return g;
  };
}

/** Puts test ids and data attributes on each drawn element of a mark (lines, text, symbols). */
function tagMarks<T>(
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

const RUPTURE_COLOUR = '#b00020';
const REPAIRED_COLOUR = '#1b7a3a';
const EVENT_COLOUR = '#5b3a8c';

/**
 * Ruptures and repairs on the alliance time line (issue 6): a solid red rule at the onset of
 * an open or unresolved rupture; a repaired one reads as good news, with a green dotted rule
 * at the onset and a green check at the session that showed the repair; a purple diamond at
 * the foot of the chart for each repair event the therapist recorded.
 */
function ruptureMarks(ruptures: CaseRupture[], events: CaseRuptureEvent[]) {
  const repaired = ruptures.filter((r) => r.status === 'repaired');
  const unrepaired = ruptures.filter((r) => r.status !== 'repaired');
  const ruptureAttributes = (r: CaseRupture) => ({
    session: String(r.onsetSession),
    status: r.status,
    respondent: r.respondentId,
  });
  return [
    Plot.ruleX(unrepaired, {
      x: 'onsetSession',
      stroke: RUPTURE_COLOUR,
      strokeWidth: 2,
      render: tagMarks(unrepaired, 'rupture-marker', ruptureAttributes),
    }),
    Plot.ruleX(repaired, {
      x: 'onsetSession',
      stroke: REPAIRED_COLOUR,
      strokeWidth: 2,
      strokeDasharray: '2,3',
      render: tagMarks(repaired, 'rupture-marker', ruptureAttributes),
    }),
    Plot.text(repaired, {
      x: 'repairedAtSession',
      text: () => '✓',
      frameAnchor: 'top',
      dy: 14,
      fontSize: 16,
      fontWeight: 'bold',
      fill: REPAIRED_COLOUR,
      render: tagMarks(repaired, 'repair-marker', (r) => ({
        session: String(r.repairedAtSession),
        respondent: r.respondentId,
      })),
    }),
    Plot.dot(events, {
      x: 'sessionNumber',
      frameAnchor: 'bottom',
      dy: -6,
      symbol: 'diamond',
      r: 5,
      fill: EVENT_COLOUR,
      render: tagMarks(events, 'rupture-event-marker', (e) => ({
        session: String(e.sessionNumber),
        outcome: e.outcome,
      })),
    }),
  ];
}

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

const lastSession = (view: CaseViewResponse) => Math.max(1, ...view.sessions.map((s) => s.number));

function xAxis(view: CaseViewResponse, t: Translate): Plot.ScaleOptions {
  const max = lastSession(view);
  return {
    domain: [0.5, max + 0.5],
    label: t('caseView.sessionAxis'),
    ticks: Math.min(max, 10),
    tickFormat: 'd',
  };
}

/** A chart, its text alternative, and a button that shows the same numbers as a table. */
function ChartFigure(props: {
  testId: string;
  title: string;
  summary: ReactNode;
  legend: { label: string; color: string; dashed?: boolean }[];
  draw: (width: number) => Element;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const chart = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const { draw } = props;
  useEffect(() => {
    const container = chart.current;
    if (asTable || !container) return;
    const svg = draw(Math.max(280, Math.min(container.clientWidth, 900)));
    // The figcaption and the table carry the numbers; the drawing itself is decoration for
    // assistive technology, so it is hidden from it rather than read mark by mark.
    svg.setAttribute('aria-hidden', 'true');
    container.replaceChildren(svg);
    return () => svg.remove();
  }, [asTable, draw]);
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

export default function CaseCharts({ view }: { view: CaseViewResponse }) {
  const { t } = useTranslation();
  const outcomeGroups = new Map<string, OutcomeSeries[]>();
  for (const s of view.outcomes)
    outcomeGroups.set(s.instrumentId, [...(outcomeGroups.get(s.instrumentId) ?? []), s]);
  return (
    <>
      <section aria-labelledby="alliance-heading" className="case-section">
        <h2 id="alliance-heading">{t('caseView.alliance')}</h2>
        <p>{t('caseView.allianceIntro')}</p>
        {view.alliance.length === 0 ? (
          <p>{t('caseView.noAlliance')}</p>
        ) : (
          <>
            <AllianceChart view={view} scales={['total']} testId="alliance-total-chart" />
            <AllianceChart
              view={view}
              scales={['goal', 'task', 'bond']}
              testId="alliance-subscale-chart"
            />
          </>
        )}
      </section>
      <section aria-labelledby="outcomes-heading" className="case-section">
        <h2 id="outcomes-heading">{t('caseView.outcomes')}</h2>
        <p>{t('caseView.outcomesIntro')}</p>
        {outcomeGroups.size === 0 ? (
          <p>{t('caseView.noOutcomes')}</p>
        ) : (
          [...outcomeGroups.values()].map((series) => (
            <OutcomeChart key={series[0]!.instrumentId} view={view} series={series} />
          ))
        )}
      </section>
    </>
  );
}

function AllianceChart(props: {
  view: CaseViewResponse;
  scales: AllianceSeries['scale'][];
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const { view, scales, testId } = props;
  const locale = i18n.language;
  const series = view.alliance.filter((s) => scales.includes(s.scale));
  const labels = [
    ...new Set(view.alliance.map((s) => respondentLabel(t, s.respondentName, s.side))),
  ];
  const colorOf = (label: string) => PALETTE[labels.indexOf(label) % PALETTE.length]!;
  const rows: Row[] = series.flatMap((s) =>
    s.points.map((p) => ({
      session: p.sessionNumber,
      // Mean item score, so the client's and the therapist's forms share one axis.
      y: p.itemMean ?? p.value,
      value: p.value,
      respondentId: s.respondentId,
      label: respondentLabel(t, s.respondentName, s.side),
      side: s.side,
      scale: s.scale,
    })),
  );
  const faceted = scales.length > 1;
  const [draw] = useState(() => (width: number) => {
    const common = { x: 'session', y: 'y', z: 'label', ...(faceted && { fx: 'scale' }) };
    return Plot.plot({
      width,
      height: 240,
      marginLeft: 40,
      x: xAxis(view, t),
      y: { domain: [1, 5], label: t('caseView.meanItemAxis'), grid: true },
      color: { domain: labels, range: labels.map(colorOf) },
      ...(faceted && {
        fx: {
          domain: scales,
          label: null,
          tickFormat: (s: string) => t(`caseView.scale.${s}`),
        },
      }),
      marks: [
        ...sessionMarks(view),
        Plot.line(
          rows.filter((r) => r.side === 'client'),
          { ...common, stroke: 'label', strokeWidth: 2 },
        ),
        Plot.line(
          rows.filter((r) => r.side === 'therapist'),
          { ...common, stroke: 'label', strokeWidth: 2, strokeDasharray: '6,3' },
        ),
        Plot.dot(rows, {
          ...common,
          fill: 'label',
          r: 3.5,
          render: tagPoints(rows, faceted ? 'alliance-subscale-point' : 'alliance-point'),
        }),
        ...(faceted ? [] : ruptureMarks(view.ruptures, view.ruptureEvents)),
      ],
    });
  });
  const showRuptures = !faceted && (view.ruptures.length > 0 || view.ruptureEvents.length > 0);
  const summary = series.map((s) => {
    const first = s.points[0]!;
    const last = s.points.at(-1)!;
    const name = respondentLabel(t, s.respondentName, s.side);
    return (
      <span key={`${s.respondentId}:${s.scale}:${s.instrumentId}`} className="summary-line">
        {t('caseView.seriesSummary', {
          name: faceted ? `${name} — ${t(`caseView.scale.${s.scale}`)}` : name,
          instrument: s.instrumentTitle,
          count: s.points.length,
          first: formatNumber(first.itemMean ?? first.value, locale, 2),
          firstSession: first.sessionNumber,
          last: formatNumber(last.itemMean ?? last.value, locale, 2),
          lastSession: last.sessionNumber,
        })}
      </span>
    );
  });
  return (
    <ChartFigure
      testId={testId}
      title={t(faceted ? 'caseView.subscaleChart' : 'caseView.totalChart')}
      summary={
        <>
          {summary}
          {showRuptures && <RuptureSummary view={view} />}
          <span className="summary-line">{t('caseView.sessionMarks')}</span>
        </>
      }
      legend={[
        ...labels.map((label) => ({
          label,
          color: colorOf(label),
          dashed: rows.some((r) => r.label === label && r.side === 'therapist'),
        })),
        ...(showRuptures ? ruptureLegend(t) : []),
      ]}
      draw={draw}
      table={
        <>
          {showRuptures && <RuptureTable view={view} />}
          <div
            className="table-scroll"
            role="region"
            aria-label={t(faceted ? 'caseView.subscaleChart' : 'caseView.totalChart')}
            tabIndex={0}
          >
            <table className="data-table" data-testid={`${testId}-table`}>
              <thead>
                <tr>
                  <th scope="col">{t('caseView.table.session')}</th>
                  <th scope="col">{t('caseView.table.respondent')}</th>
                  <th scope="col">{t('caseView.table.scale')}</th>
                  <th scope="col">{t('caseView.table.score')}</th>
                  <th scope="col">{t('caseView.table.meanItem')}</th>
                </tr>
              </thead>
              <tbody>
                {series
                  .flatMap((s) => s.points.map((p) => ({ s, p })))
                  .sort((a, b) => a.p.sessionNumber - b.p.sessionNumber)
                  .map(({ s, p }) => (
                    <tr key={`${s.instrumentId}:${s.respondentId}:${s.scale}:${p.sessionNumber}`}>
                      <td>{p.sessionNumber}</td>
                      <td>{respondentLabel(t, s.respondentName, s.side)}</td>
                      <td>{t(`caseView.scale.${s.scale}`)}</td>
                      <td>{formatNumber(p.value, locale)}</td>
                      <td>{p.itemMean === null ? '—' : formatNumber(p.itemMean, locale, 2)}</td>
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

function ruptureLegend(t: Translate) {
  return [
    { label: t('caseView.ruptures.legendOpen'), color: RUPTURE_COLOUR },
    { label: t('caseView.ruptures.legendRepaired'), color: REPAIRED_COLOUR, dashed: true },
    { label: t('caseView.ruptures.legendEvent'), color: EVENT_COLOUR },
  ];
}

const ruptureWho = (t: Translate, r: CaseRupture) =>
  `${respondentLabel(t, r.respondentName, r.respondentKind)}${
    r.scale === 'total' ? '' : ` — ${t(`caseView.scale.${r.scale}`)}`
  }`;

function ruptureStatusText(t: Translate, r: CaseRupture) {
  if (r.status === 'repaired')
    return t('caseView.ruptures.repaired', { session: r.repairedAtSession ?? r.onsetSession });
  return t(`caseView.ruptures.${r.status}`);
}

function eventText(t: Translate, e: CaseRuptureEvent) {
  const markers = e.markers.map((m) => t(`caseView.ruptures.marker.${m}`)).join(', ');
  return t('caseView.ruptures.event', {
    session: e.sessionNumber,
    outcome: t(`caseView.ruptures.outcome.${e.outcome}`),
    markers: markers || t('caseView.ruptures.noMarkers'),
  });
}

/** The ruptures and repair events in words: the chart's text alternative. */
function RuptureSummary({ view }: { view: CaseViewResponse }) {
  const { t } = useTranslation();
  return (
    <>
      {view.ruptures.map((r) => (
        <span key={r.alertId} className="summary-line" data-testid="rupture-summary">
          {t(`caseView.ruptures.summary.${r.kind}`, {
            who: ruptureWho(t, r),
            session: r.onsetSession,
            status: ruptureStatusText(t, r),
          })}
        </span>
      ))}
      {view.ruptureEvents.map((e) => (
        <span key={e.id} className="summary-line" data-testid="rupture-event-summary">
          {eventText(t, e)}
        </span>
      ))}
    </>
  );
}

/** The same ruptures and events as rows, for the table view. */
function RuptureTable({ view }: { view: CaseViewResponse }) {
  const { t } = useTranslation();
  const rows = [
    ...view.ruptures.map((r) => ({
      key: r.alertId,
      session: r.onsetSession,
      what: t(`caseView.ruptures.kind.${r.kind}`),
      who: ruptureWho(t, r),
      status: ruptureStatusText(t, r),
      goodNews: r.status === 'repaired',
    })),
    ...view.ruptureEvents.map((e) => ({
      key: e.id,
      session: e.sessionNumber,
      what: t('caseView.ruptures.kind.event'),
      who: e.markers.map((m) => t(`caseView.ruptures.marker.${m}`)).join(', ') || '—',
      status: t(`caseView.ruptures.outcome.${e.outcome}`),
      goodNews: false,
    })),
  ].sort((a, b) => a.session - b.session);
  return (
    <div
      className="table-scroll"
      role="region"
      aria-label={t('caseView.ruptures.table')}
      tabIndex={0}
    >
      <table className="data-table" data-testid="rupture-table">
        <caption>{t('caseView.ruptures.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('caseView.table.session')}</th>
            <th scope="col">{t('caseView.ruptures.what')}</th>
            <th scope="col">{t('caseView.ruptures.who')}</th>
            <th scope="col">{t('caseView.ruptures.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.goodNews ? 'good-news' : undefined}>
              <td>{row.session}</td>
              <td>{row.what}</td>
              <td>{row.who}</td>
              <td>{row.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutcomeChart({ view, series }: { view: CaseViewResponse; series: OutcomeSeries[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const first = series[0]!;
  const labels = series.map((s) => s.respondentName);
  const colorOf = (label: string) => PALETTE[labels.indexOf(label) % PALETTE.length]!;
  const rows = series.flatMap((s) =>
    s.points.map((p) => ({
      session: p.sessionNumber,
      y: p.value,
      value: p.value,
      respondentId: s.respondentId,
      label: s.respondentName,
      side: 'client' as const,
      scale: 'total',
      change: p.reliableChange,
    })),
  );
  const changes = rows.filter((r) => r.change !== null);
  const [draw] = useState(
    () => (width: number) =>
      Plot.plot({
        width,
        height: 220,
        marginLeft: 40,
        x: xAxis(view, t),
        y: { domain: [first.range.min, first.range.max], label: first.instrumentTitle, grid: true },
        color: { domain: labels, range: labels.map(colorOf) },
        symbol: { domain: ['improved', 'deteriorated'], range: ['triangle', 'times'] },
        marks: [
          ...sessionMarks(view),
          Plot.ruleY(first.cutOffs, { y: 'value', stroke: '#b00020', strokeDasharray: '5,4' }),
          Plot.line(rows, { x: 'session', y: 'y', z: 'label', stroke: 'label', strokeWidth: 2 }),
          Plot.dot(rows, {
            x: 'session',
            y: 'y',
            fill: 'label',
            r: 3,
            render: tagPoints(rows, 'outcome-point'),
          }),
          Plot.dot(changes, {
            x: 'session',
            y: 'y',
            symbol: (r: (typeof rows)[number]) => r.change!.direction,
            r: 8,
            stroke: '#111',
            strokeWidth: 1.5,
            fill: 'none',
            render: tagPoints(changes, 'reliable-change-marker'),
          }),
        ],
      }),
  );
  const changeCount = changes.length;
  return (
    <ChartFigure
      testId={`outcome-chart-${first.instrumentId}`}
      title={first.instrumentTitle}
      summary={
        <>
          {series.map((s) => {
            const a = s.points[0]!;
            const b = s.points.at(-1)!;
            return (
              <span key={s.respondentId} className="summary-line">
                {t('caseView.seriesSummary', {
                  name: s.respondentName,
                  instrument: s.instrumentTitle,
                  count: s.points.length,
                  first: formatNumber(a.value, locale),
                  firstSession: a.sessionNumber,
                  last: formatNumber(b.value, locale),
                  lastSession: b.sessionNumber,
                })}
              </span>
            );
          })}
          {first.cutOffs.map((c) => (
            <span key={c.id} className="summary-line">
              {t('caseView.cutOffSummary', { description: c.description })}
            </span>
          ))}
          <span className="summary-line">
            {first.reliableChangeParameters === null
              ? t('caseView.noReliableChange')
              : t('caseView.reliableChangeSummary', { count: changeCount })}
          </span>
        </>
      }
      legend={labels.map((label) => ({ label, color: colorOf(label) }))}
      draw={draw}
      table={
        <div className="table-scroll" role="region" aria-label={first.instrumentTitle} tabIndex={0}>
          <table className="data-table" data-testid={`outcome-chart-${first.instrumentId}-table`}>
            <thead>
              <tr>
                <th scope="col">{t('caseView.table.session')}</th>
                <th scope="col">{t('caseView.table.respondent')}</th>
                <th scope="col">{t('caseView.table.score')}</th>
                <th scope="col">{t('caseView.table.band')}</th>
                <th scope="col">{t('caseView.table.change')}</th>
              </tr>
            </thead>
            <tbody>
              {series
                .flatMap((s) => s.points.map((p) => ({ s, p })))
                .sort((a, b) => a.p.sessionNumber - b.p.sessionNumber)
                .map(({ s, p }) => (
                  <tr key={`${s.respondentId}:${p.sessionNumber}`}>
                    <td>{p.sessionNumber}</td>
                    <td>{s.respondentName}</td>
                    <td>{formatNumber(p.value, locale)}</td>
                    <td>{p.band ?? '—'}</td>
                    <td>
                      {p.reliableChange
                        ? `${t(`caseView.${p.reliableChange.direction}`)} (RC ${formatNumber(p.reliableChange.rc, locale, 2)})`
                        : '—'}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      }
    />
  );
}
