import { type ReactNode, Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { withheldLabel } from '../../../core/research/small-cells.ts';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { ScrollTable } from '../../components/scroll-table.tsx';
import {
  type StudyAnalyses,
  type StudyChoices,
  analysisCsvPath,
  fetchStudyAnalyses,
  fetchStudyChoices,
} from '../research-api.ts';

const TERM_KEYS = {
  '(Intercept)': 'intercept',
  'alliance-within': 'within',
  'alliance-between': 'between',
} as const;

const BlandAltmanChart = lazy(() => import('./bland-altman-chart.tsx'));

/** A ScrollTable with its CSV download link under it. */
function AnalysisTable(props: { label: string; testId: string; csv: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <ScrollTable label={props.label} testId={props.testId}>
        {props.children}
      </ScrollTable>
      <p>
        <a href={props.csv} download data-testid={`${props.testId}-csv`}>
          {t('studyAnalyses.downloadCsv', { table: props.label })}
        </a>
      </p>
    </>
  );
}

/**
 * /research/:studyId/analyses: the study's analyses for its team (issue 18, item 5) — the
 * H7 correlations, client vs therapist agreement with a Bland–Altman plot, the reliability
 * of every scale and the lagged mixed model; consenting, not-withdrawn participants only,
 * groups of fewer than k people withheld ("< k"); every table downloadable as CSV.
 */
export function StudyAnalysesPage() {
  const { t, i18n } = useTranslation();
  const { studyId } = useParams();
  const [search, setSearch] = useSearchParams();
  const view = search.get('view') ?? 'across';
  const [data, setData] = useState<{ analyses: StudyAnalyses; choices: StudyChoices } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!studyId) return;
    Promise.all([fetchStudyAnalyses(studyId, view), fetchStudyChoices()])
      .then(([analyses, choices]) => setData({ analyses, choices }))
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? t('research.none') : errorMessage(t, e),
        ),
      );
  }, [studyId, view]);

  if (error)
    return (
      <>
        <h1>{t('research.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data || !studyId) return <p role="status">{t('app.loading')}</p>;
  const { analyses: a, choices } = data;
  const n = (x: number | null) =>
    x === null ? withheldLabel(a.minCellSize) : x.toLocaleString(i18n.language);
  const num = (x: number | null, digits = 2) =>
    x === null
      ? '—'
      : x.toLocaleString(i18n.language, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
  const p = (x: number | null) => (x !== null && x < 0.001 ? `< ${num(0.001, 3)}` : num(x, 3));
  const ci = (c: [number, number] | null) => (c === null ? '—' : `${num(c[0])} – ${num(c[1])}`);
  const instrumentName = (id: string) => choices.instruments.find((i) => i.id === id)?.name ?? id;
  const scale = (id: string) => t(`studyAnalyses.scales.${id}`, { defaultValue: id });
  const csv = (table: string) => analysisCsvPath(studyId, table, view);
  const total = a.agreement.find((r) => r.scale === 'total');
  const viewName =
    a.view === 'across'
      ? t('studyAnalyses.view.acrossCaption')
      : t('studyAnalyses.view.sessionCaption', { session: a.view });

  return (
    <>
      <p>
        <Link to={`/research/${encodeURIComponent(a.studyId)}`}>{t('studyAnalyses.back')}</Link>
      </p>
      <h1 className="typed-heading">{t('studyAnalyses.title', { title: a.title })}</h1>
      <p className="hint">{t('studyAnalyses.intro', { k: a.minCellSize })}</p>

      <div className="panel">
        <label htmlFor="analysis-view">{t('studyAnalyses.view.label')}</label>{' '}
        <select
          id="analysis-view"
          value={view}
          onChange={(e) => {
            setData(null);
            setSearch({ view: e.target.value });
          }}
        >
          <option value="across">{t('studyAnalyses.view.across')}</option>
          {a.sessions.map((s) => (
            <option key={s} value={String(s)}>
              {t('studyAnalyses.view.session', { session: s })}
            </option>
          ))}
        </select>
        <p className="hint" data-testid="view-explained">
          {a.view === 'across'
            ? t('studyAnalyses.view.acrossHint')
            : t('studyAnalyses.view.sessionHint', { session: a.view })}
        </p>
      </div>

      <section aria-labelledby="analyses-h7" className="panel">
        <h2 id="analyses-h7">{t('studyAnalyses.h7.heading')}</h2>
        <p className="hint">{t('studyAnalyses.h7.hint')}</p>
        <AnalysisTable
          label={t('studyAnalyses.h7.caption', { view: viewName })}
          testId="h7-table"
          csv={csv('h7')}
        >
          <thead>
            <tr>
              <th scope="col">{t('studyAnalyses.h7.alliance')}</th>
              <th scope="col">{t('studyAnalyses.h7.outcome')}</th>
              <th scope="col">n</th>
              <th scope="col">r</th>
              <th scope="col">{t('studyAnalyses.ci')}</th>
              <th scope="col">p</th>
              <th scope="col">{t('studyAnalyses.h7.pAdjusted')}</th>
            </tr>
          </thead>
          <tbody>
            {a.h7.map((r) => (
              <tr key={`${r.alliance}-${r.outcome}`}>
                <th scope="row">{scale(r.alliance)}</th>
                <td>{instrumentName(r.outcome)}</td>
                <td>{n(r.n)}</td>
                <td>{num(r.r)}</td>
                <td>{ci(r.ci)}</td>
                <td>{p(r.p)}</td>
                <td>{p(r.pAdjusted)}</td>
              </tr>
            ))}
          </tbody>
        </AnalysisTable>
      </section>

      <section aria-labelledby="analyses-agreement" className="panel">
        <h2 id="analyses-agreement">{t('studyAnalyses.agreement.heading')}</h2>
        {a.therapistInstrumentId === null ? (
          <p>{t('studyAnalyses.agreement.noForm')}</p>
        ) : (
          <>
            <p className="hint">
              {t('studyAnalyses.agreement.hint', {
                form: instrumentName(a.therapistInstrumentId),
              })}
            </p>
            <AnalysisTable
              label={t('studyAnalyses.agreement.caption', { view: viewName })}
              testId="agreement-table"
              csv={csv('agreement')}
            >
              <thead>
                <tr>
                  <th scope="col">{t('studyAnalyses.agreement.scale')}</th>
                  <th scope="col">n</th>
                  <th scope="col">{t('studyAnalyses.agreement.meanDifference')}</th>
                  <th scope="col">{t('studyAnalyses.agreement.sd')}</th>
                  <th scope="col">p</th>
                  <th scope="col">{t('studyAnalyses.agreement.limits')}</th>
                  <th scope="col">ICC</th>
                  <th scope="col">{t('studyAnalyses.ci')}</th>
                </tr>
              </thead>
              <tbody>
                {a.agreement.map((r) => (
                  <tr key={r.scale}>
                    <th scope="row">{scale(r.scale)}</th>
                    <td>{n(r.n)}</td>
                    <td>{num(r.meanDifference)}</td>
                    <td>{num(r.sd)}</td>
                    <td>{p(r.p)}</td>
                    <td>{ci(r.limits)}</td>
                    <td>{num(r.icc)}</td>
                    <td>{ci(r.iccCi)}</td>
                  </tr>
                ))}
              </tbody>
            </AnalysisTable>
            {total && total.limits && total.meanDifference !== null ? (
              <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
                <BlandAltmanChart
                  key={`${a.view}`}
                  row={total}
                  scaleName={scale('total')}
                  format={num}
                />
              </Suspense>
            ) : (
              <p data-testid="bland-altman-none">{t('studyAnalyses.agreement.noChart')}</p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="analyses-reliability" className="panel">
        <h2 id="analyses-reliability">{t('studyAnalyses.reliability.heading')}</h2>
        <p className="hint">{t('studyAnalyses.reliability.hint')}</p>
        <AnalysisTable
          label={t('studyAnalyses.reliability.caption')}
          testId="reliability-table"
          csv={csv('reliability')}
        >
          <thead>
            <tr>
              <th scope="col">{t('studyAnalyses.reliability.form')}</th>
              <th scope="col">{t('studyAnalyses.reliability.scale')}</th>
              <th scope="col">{t('studyAnalyses.reliability.session')}</th>
              <th scope="col">{t('studyAnalyses.reliability.items')}</th>
              <th scope="col">n</th>
              <th scope="col">α</th>
              <th scope="col">{t('studyAnalyses.ci')}</th>
              <th scope="col">ω</th>
            </tr>
          </thead>
          <tbody>
            {a.reliability.map((r) => (
              <tr key={`${r.instrumentId}-${r.scaleId}-${r.sessionNumber}`}>
                <th scope="row">{instrumentName(r.instrumentId)}</th>
                <td>{scale(r.scaleId)}</td>
                <td>{r.sessionNumber}</td>
                <td>{r.items}</td>
                <td>{n(r.n)}</td>
                <td>{num(r.alpha)}</td>
                <td>{ci(r.alphaCi)}</td>
                <td>{num(r.omegaTotal)}</td>
              </tr>
            ))}
          </tbody>
        </AnalysisTable>
      </section>

      <section aria-labelledby="analyses-mixed" className="panel">
        <h2 id="analyses-mixed">{t('studyAnalyses.mixed.heading')}</h2>
        <p className="hint">{t('studyAnalyses.mixed.hint')}</p>
        <AnalysisTable
          label={t('studyAnalyses.mixed.caption')}
          testId="mixed-table"
          csv={csv('mixed')}
        >
          <thead>
            <tr>
              <th scope="col">{t('studyAnalyses.h7.outcome')}</th>
              <th scope="col">{t('studyAnalyses.mixed.rows')}</th>
              <th scope="col">{t('studyAnalyses.mixed.clients')}</th>
              <th scope="col">{t('studyAnalyses.mixed.term')}</th>
              <th scope="col">{t('studyAnalyses.mixed.estimate')}</th>
              <th scope="col">SE</th>
              <th scope="col">t</th>
              <th scope="col">{t('studyAnalyses.mixed.variances')}</th>
            </tr>
          </thead>
          <tbody>
            {a.mixed.flatMap((m) =>
              m.notEstimable !== null
                ? [
                    <tr key={m.outcome}>
                      <th scope="row">{instrumentName(m.outcome)}</th>
                      <td>{n(m.n)}</td>
                      <td>{n(m.clients)}</td>
                      <td colSpan={5}>{t(`studyAnalyses.mixed.not.${m.notEstimable}`)}</td>
                    </tr>,
                  ]
                : m.fixed.map((f, j) => (
                    <tr key={`${m.outcome}-${f.term}`}>
                      <th scope="row">{instrumentName(m.outcome)}</th>
                      <td>{n(m.n)}</td>
                      <td>{n(m.clients)}</td>
                      <td>{t(`studyAnalyses.mixed.terms.${TERM_KEYS[f.term]}`)}</td>
                      <td>{num(f.estimate)}</td>
                      <td>{num(f.se)}</td>
                      <td>{num(f.t)}</td>
                      <td>
                        {j === 0 && m.variance
                          ? t('studyAnalyses.mixed.varianceValues', {
                              client: num(m.variance.client),
                              residual: num(m.variance.residual),
                            })
                          : ''}
                      </td>
                    </tr>
                  )),
            )}
          </tbody>
        </AnalysisTable>
      </section>
    </>
  );
}
