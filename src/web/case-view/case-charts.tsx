import * as Plot from '@observablehq/plot';
import { useTranslation } from 'react-i18next';
import type {
  AllianceSeries,
  CaseRupture,
  CaseRuptureEvent,
  CaseViewResponse,
  OutcomeSeries,
} from '../../core/api/case-view.ts';
import { OutcomeChangeSummary, pointChangeText } from './outcome-change-summary.tsx';
import { formatNumber } from './format-zoned-time.ts';
import { SeriesChart, type Translate, tagMarks, tagPoints } from './series-chart.tsx';

// Loaded lazily by case-page.tsx, so Observable Plot stays out of the main bundle.

const respondentLabel = (t: Translate, name: string, side: 'client' | 'therapist') =>
  `${name} (${t(side === 'client' ? 'caseView.clientSide' : 'caseView.therapistSide')})`;

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
  const faceted = scales.length > 1;
  const title = t(faceted ? 'caseView.subscaleChart' : 'caseView.totalChart');
  const showRuptures = !faceted && (view.ruptures.length > 0 || view.ruptureEvents.length > 0);
  const labelOf = (s: AllianceSeries) => respondentLabel(t, s.respondentName, s.side);
  return (
    <SeriesChart
      view={view}
      testId={testId}
      title={title}
      series={view.alliance.filter((s) => scales.includes(s.scale))}
      points={(s) => s.points}
      respondent={(s) => ({
        id: s.respondentId,
        label: labelOf(s),
        dashed: s.side === 'therapist',
      })}
      // Mean item score, so the client's and the therapist's forms share one axis.
      y={(p) => p.itemMean ?? p.value}
      // Every respondent of the case, so a person has the same colour in both charts.
      labels={[...new Set(view.alliance.map(labelOf))]}
      plot={{
        height: 240,
        y: { domain: [1, 5], label: t('caseView.meanItemAxis'), grid: true },
        ...(faceted && {
          facets: {
            of: (s: AllianceSeries) => s.scale,
            domain: scales,
            tickFormat: (scale: string) => t(`caseView.scale.${scale}`),
          },
        }),
        pointTestId: faceted ? 'alliance-subscale-point' : 'alliance-point',
        pointRadius: 3.5,
        over: () => (faceted ? [] : ruptureMarks(view.ruptures, view.ruptureEvents)),
      }}
      caption={{
        key: (s) => `${s.respondentId}:${s.scale}:${s.instrumentId}`,
        name: (s) => (faceted ? `${labelOf(s)} — ${t(`caseView.scale.${s.scale}`)}` : labelOf(s)),
        value: (p) => formatNumber(p.itemMean ?? p.value, locale, 2),
        after: (
          <>
            {showRuptures && <RuptureSummary view={view} />}
            <span className="summary-line">{t('caseView.sessionMarks')}</span>
          </>
        ),
      }}
      legendAfter={showRuptures ? ruptureLegend(t) : []}
      table={{
        before: showRuptures && <RuptureTable view={view} />,
        rowKey: (s, p) => `${s.instrumentId}:${s.respondentId}:${s.scale}:${p.sessionNumber}`,
        columns: [
          { header: t('caseView.table.session'), cell: (_, p) => p.sessionNumber },
          { header: t('caseView.table.respondent'), cell: (s) => labelOf(s) },
          { header: t('caseView.table.scale'), cell: (s) => t(`caseView.scale.${s.scale}`) },
          { header: t('caseView.table.score'), cell: (_, p) => formatNumber(p.value, locale) },
          {
            header: t('caseView.table.meanItem'),
            cell: (_, p) => (p.itemMean === null ? '—' : formatNumber(p.itemMean, locale, 2)),
          },
        ],
      }}
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
          {e.description && <> {t('caseView.ruptures.whatHappened', { text: e.description })}</>}
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
      status: [t(`caseView.ruptures.outcome.${e.outcome}`), e.description]
        .filter(Boolean)
        .join(' — '),
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
  const changeCount = series.flatMap((s) => s.points).filter((p) => p.reliableChange).length;
  return (
    <SeriesChart
      view={view}
      testId={`outcome-chart-${first.instrumentId}`}
      title={first.instrumentTitle}
      series={series}
      points={(s) => s.points}
      respondent={(s) => ({ id: s.respondentId, label: s.respondentName })}
      y={(p) => p.value}
      plot={{
        height: 220,
        y: { domain: [first.range.min, first.range.max], label: first.instrumentTitle, grid: true },
        symbol: { domain: ['improved', 'deteriorated'], range: ['triangle', 'times'] },
        pointTestId: 'outcome-point',
        pointRadius: 3,
        under: [
          Plot.ruleY(first.cutOffs, { y: 'value', stroke: '#b00020', strokeDasharray: '5,4' }),
        ],
        over: (rows) => {
          const changes = rows.filter((r) => r.point.reliableChange !== null);
          return [
            Plot.dot(changes, {
              x: 'session',
              y: 'y',
              symbol: (r: (typeof rows)[number]) => r.point.reliableChange!.direction,
              r: 8,
              stroke: '#111',
              strokeWidth: 1.5,
              fill: 'none',
              render: tagPoints(changes, 'reliable-change-marker'),
            }),
          ];
        },
      }}
      caption={{
        key: (s) => s.respondentId,
        name: (s) => s.respondentName,
        value: (p) => formatNumber(p.value, locale),
        after: (
          <>
            {first.cutOffs.map((c) => (
              <span key={c.id} className="summary-line">
                {t('caseView.cutOffSummary', { description: c.description })}
              </span>
            ))}
            {first.changeCriteria === null ? (
              <span className="summary-line" data-testid="no-change-criteria">
                {t(`caseView.noChangeCriteria.${first.noChangeCriteriaReason ?? 'not-given'}`)}
              </span>
            ) : (
              <>
                <span className="summary-line">
                  {t('caseView.reliableChangeSummary', { count: changeCount })}
                </span>
                {series.map((s) => (
                  <OutcomeChangeSummary key={s.respondentId} series={s} />
                ))}
              </>
            )}
          </>
        ),
      }}
      table={{
        rowKey: (s, p) => `${s.respondentId}:${p.sessionNumber}`,
        columns: [
          { header: t('caseView.table.session'), cell: (_, p) => p.sessionNumber },
          { header: t('caseView.table.respondent'), cell: (s) => s.respondentName },
          { header: t('caseView.table.score'), cell: (_, p) => formatNumber(p.value, locale) },
          { header: t('caseView.table.band'), cell: (_, p) => p.band ?? '—' },
          {
            header: t('caseView.table.change'),
            cell: (_, p) => (p.reliableChange ? pointChangeText(t, p.reliableChange, locale) : '—'),
          },
        ],
      }}
    />
  );
}
