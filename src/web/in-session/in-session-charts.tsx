import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { InSessionView } from '../../core/api/in-session.ts';
import { ChartFigure } from '../case-view/series-chart.tsx';

// Observable Plot is large: this file loads only when the in-session view opens.

const COLORS = ['#4e79a7', '#e15759', '#59a14f', '#b07aa1'];
const LARGE = { fontSize: '16px', overflow: 'visible' };

interface Line {
  label: string;
  color: string;
  points: { sessionNumber: number; value: number }[];
}

/** One large chart of the client's own lines, with its words and a table of the same numbers. */
function ClientChart(props: {
  testId: string;
  title: string;
  lines: Line[];
  domain: [number, number];
  cutOffs: number[];
  note: string;
}) {
  const { t, i18n } = useTranslation();
  const { lines, domain, cutOffs } = props;
  const number = (value: number) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(value);
  const rows = lines.flatMap((line) =>
    line.points.map((p) => ({ label: line.label, session: p.sessionNumber, value: p.value })),
  );
  const draw = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: 320,
        marginLeft: 48,
        marginBottom: 48,
        style: LARGE,
        x: { label: t('inSession.session'), tickFormat: 'd', ticks: 6 },
        y: { domain, label: null, grid: true },
        color: { domain: lines.map((l) => l.label), range: lines.map((l) => l.color) },
        marks: [
          ...cutOffs.map((value) =>
            Plot.ruleY([value], { stroke: '#b00020', strokeDasharray: '6,4', strokeWidth: 2 }),
          ),
          Plot.line(rows, { x: 'session', y: 'value', stroke: 'label', strokeWidth: 4 }),
          Plot.dot(rows, { x: 'session', y: 'value', fill: 'label', r: 6 }),
        ],
      }) as Element,
    // Redrawn when the numbers change, not on every render of new but equal arrays.
    [JSON.stringify(rows), domain[0], domain[1], cutOffs.join(','), t],
  );
  return (
    <ChartFigure
      testId={props.testId}
      title={props.title}
      legend={lines.map((l) => ({ label: l.label, color: l.color }))}
      draw={draw}
      summary={
        <>
          {lines.map((line) => (
            <span key={line.label} className="summary-line">
              {t('inSession.summary', {
                name: line.label,
                values: line.points
                  .map((p) =>
                    t('inSession.point', { session: p.sessionNumber, value: number(p.value) }),
                  )
                  .join(', '),
              })}
            </span>
          ))}
          <span className="summary-line">{props.note}</span>
        </>
      }
      table={
        <div className="table-scroll" role="region" aria-label={props.title} tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('inSession.session')}</th>
                {lines.map((l) => (
                  <th key={l.label} scope="col">
                    {l.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...new Set(rows.map((r) => r.session))]
                .sort((a, b) => a - b)
                .map((session) => (
                  <tr key={session}>
                    <td>{session}</td>
                    {lines.map((l) => {
                      const point = l.points.find((p) => p.sessionNumber === session);
                      return <td key={l.label}>{point ? number(point.value) : '—'}</td>;
                    })}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      }
    />
  );
}

/** The client's own questionnaires and alliance, in plain words and large type. */
export default function InSessionCharts({ view }: { view: InSessionView }) {
  const { t } = useTranslation();
  const known = (id: string) =>
    ['phq-9', 'gad-7', 'who-5', 'swls', 'flourishing-scale', 'score-15'].includes(id);
  return (
    <>
      <section aria-labelledby="in-session-outcomes">
        <h2 id="in-session-outcomes">{t('inSession.outcomesHeading')}</h2>
        {view.outcomes.length === 0 && <p>{t('inSession.noOutcomes')}</p>}
        {view.outcomes.map((o) => (
          <ClientChart
            key={o.instrumentId}
            testId="in-session-outcome"
            title={
              known(o.instrumentId) ? t(`inSession.instrument.${o.instrumentId}`) : o.instrumentId
            }
            lines={[{ label: view.client.givenName, color: COLORS[0]!, points: o.points }]}
            domain={[o.range.min, o.range.max]}
            cutOffs={o.cutOffs}
            note={[
              t(o.higherIsBetter ? 'inSession.higherIsBetter' : 'inSession.lowerIsBetter'),
              ...o.cutOffs.map((value) => t('inSession.cutOff', { value })),
            ].join(' ')}
          />
        ))}
      </section>
      <section aria-labelledby="in-session-alliance">
        <h2 id="in-session-alliance">{t('inSession.allianceHeading')}</h2>
        {view.alliance.length === 0 ? (
          <p>{t('inSession.noAlliance')}</p>
        ) : (
          <ClientChart
            testId="in-session-alliance"
            title={t('inSession.allianceTitle')}
            lines={view.alliance.map((a, i) => ({
              label: t(`inSession.scale.${a.scale}`),
              color: COLORS[i % COLORS.length]!,
              points: a.points,
            }))}
            domain={[1, 5]}
            cutOffs={[]}
            note={t('inSession.allianceNote')}
          />
        )}
      </section>
    </>
  );
}
