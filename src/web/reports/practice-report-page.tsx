import { type FormEvent, type ReactNode, Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { withheldLabel } from '../../core/research/small-cells.ts';
import { errorMessage } from '../auth/error-message.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { NumberHeadings } from './number-headings.tsx';
import {
  type PracticeReport,
  type ReportSection,
  fetchPracticeReport,
  reportCsvPath,
} from './reports-api.ts';

const CompletionChart = lazy(() => import('./completion-chart.tsx'));

/** A link that downloads one table of the report as CSV. */
function CsvLink(props: { section: ReportSection; label: string; filters: URLSearchParams }) {
  const { t } = useTranslation();
  return (
    <p>
      <a
        href={reportCsvPath(props.section, props.filters)}
        download
        data-testid={`${props.section}-csv`}
      >
        {t('reports.downloadCsv', { table: props.label })}
      </a>
    </p>
  );
}

/** A ScrollTable with its CSV download link under it. */
function ReportTable(props: {
  label: string;
  section: ReportSection;
  filters: URLSearchParams;
  children: ReactNode;
}) {
  return (
    <>
      <ScrollTable label={props.label} testId={`${props.section}-table`}>
        {props.children}
      </ScrollTable>
      <CsvLink section={props.section} label={props.label} filters={props.filters} />
    </>
  );
}

/**
 * /reports: the practice report (issue 19, item 4; docs/reports.md) — forms asked and
 * completed by week (a chart with a table view) and by form, alerts and how they were handled,
 * and reliable improvement and deterioration per clinic and therapist. An admin sees the
 * clinics they run, a therapist their own cases; a group of fewer than 5 people reads "< 5".
 */
export function PracticeReportPage() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const [report, setReport] = useState<PracticeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The clinics to filter by, kept from the last report so a refused filter can be changed.
  const [clinics, setClinics] = useState<PracticeReport['clinics']>([]);
  const filters = new URLSearchParams(
    [...search].filter(([name, value]) => ['clinicId', 'from', 'to'].includes(name) && value),
  );
  const filterKey = filters.toString();

  useEffect(() => {
    setError(null);
    fetchPracticeReport(new URLSearchParams(filterKey))
      .then((loaded) => {
        setReport(loaded);
        setClinics(loaded.clinics);
      })
      .catch((e: unknown) => {
        setReport(null);
        setError(
          errorMessage(t, e, {
            forbidden: t('reports.forbidden'),
            validation: t('reports.badPeriod'),
            not_found: t('reports.noClinic'),
          }),
        );
      });
  }, [filterKey]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['clinicId', 'from', 'to']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    setSearch(next);
  };

  const lang = i18n.language;
  const k = report?.minCellSize ?? 5;
  const count = (n: number | null) => (n === null ? withheldLabel(k) : n.toLocaleString(lang));
  const percent = (x: number | null) =>
    x === null ? '—' : x.toLocaleString(lang, { style: 'percent', maximumFractionDigits: 0 });
  /** A median in minutes or hours, to one decimal. */
  const median = (x: number | null) =>
    x === null ? '—' : x.toLocaleString(lang, { maximumFractionDigits: 1 });
  const day = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString(lang, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  const alertType = (type: string) =>
    type === 'all' ? t('reports.alerts.all') : t(`alerts.type.${type}`, { defaultValue: type });

  const outcomeTable = (
    section: 'clinic-outcomes' | 'therapist-outcomes',
    rows: PracticeReport['clinicOutcomes'],
    label: string,
    groupHeading: string,
  ) => (
    <ReportTable label={label} section={section} filters={filters}>
      <thead>
        <tr>
          <th scope="col">{groupHeading}</th>
          <th scope="col">{t('reports.form')}</th>
          <NumberHeadings
            labels={[
              t('reports.outcomes.measured'),
              t('reports.outcomes.improved'),
              t('reports.outcomes.deteriorated'),
            ]}
          />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.groupId}-${r.instrumentId}`}>
            <th scope="row">{r.groupName}</th>
            <td>{r.instrumentTitle}</td>
            <td className="number">{count(r.measured)}</td>
            <td className="number">{percent(r.improvedRate)}</td>
            <td className="number">{percent(r.deterioratedRate)}</td>
          </tr>
        ))}
      </tbody>
    </ReportTable>
  );

  return (
    <>
      <h1>{t('reports.title')}</h1>
      {report && (
        <p className="hint">
          {t('reports.intro', {
            scope: report.view === 'admin' ? t('reports.scopeAdmin') : t('reports.scopeTherapist'),
            k,
          })}
        </p>
      )}
      <form onSubmit={submit} className="filters" aria-label={t('reports.filters')}>
        {clinics.length > 0 && (
          <p>
            <label htmlFor="report-clinic">{t('reports.clinic')}</label>
            <select
              id="report-clinic"
              name="clinicId"
              defaultValue={filters.get('clinicId') ?? ''}
              key={filterKey}
            >
              <option value="">{t('reports.allClinics')}</option>
              {clinics.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </p>
        )}
        {(['from', 'to'] as const).map((name) => (
          <p key={name}>
            <label htmlFor={`report-${name}`}>{t(`reports.${name}`)}</label>
            <input
              id={`report-${name}`}
              type="date"
              name={name}
              defaultValue={report?.period[name] ?? search.get(name) ?? ''}
              key={`${name}-${report?.period[name] ?? ''}`}
            />
          </p>
        ))}
        <button type="submit">{t('reports.show')}</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {!report && !error && <p role="status">{t('app.loading')}</p>}
      {report && (
        <>
          <p data-testid="report-period">
            {t('reports.period', { from: day(report.period.from), to: day(report.period.to) })}
          </p>

          <section aria-labelledby="report-completion" className="panel">
            <h2 id="report-completion">{t('reports.completion.heading')}</h2>
            <p className="hint">{t('reports.completion.hint')}</p>
            <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
              <CompletionChart
                key={filterKey}
                weeks={report.completionWeeks}
                count={count}
                percent={percent}
                date={day}
              />
            </Suspense>
            <CsvLink
              section="completion-weeks"
              label={t('reports.completion.chartTitle')}
              filters={filters}
            />
            {report.completion.length === 0 ? (
              <p>{t('reports.completion.none')}</p>
            ) : (
              <ReportTable
                label={t('reports.completion.caption')}
                section="completion"
                filters={filters}
              >
                <thead>
                  <tr>
                    <th scope="col">{t('reports.completion.week')}</th>
                    <th scope="col">{t('reports.form')}</th>
                    <NumberHeadings
                      labels={[
                        t('reports.completion.asked'),
                        t('reports.completion.completed'),
                        t('reports.completion.rate'),
                        t('reports.completion.timed'),
                        t('reports.completion.medianMinutes'),
                        t('reports.completion.medianHours'),
                      ]}
                    />
                  </tr>
                </thead>
                <tbody>
                  {report.completion.map((r) => (
                    <tr key={`${r.week}-${r.instrumentId}`}>
                      <th scope="row">{day(r.week)}</th>
                      <td>{r.instrumentTitle}</td>
                      <td className="number">{count(r.asked)}</td>
                      <td className="number">{count(r.completed)}</td>
                      <td className="number">{percent(r.rate)}</td>
                      <td className="number">{count(r.timed)}</td>
                      <td className="number">{median(r.medianMinutes)}</td>
                      <td className="number">{median(r.medianHours)}</td>
                    </tr>
                  ))}
                </tbody>
              </ReportTable>
            )}
            <p className="hint" data-testid="median-explained">
              {t('reports.completion.medianHint')}
            </p>
          </section>

          <section aria-labelledby="report-alerts" className="panel">
            <h2 id="report-alerts">{t('reports.alerts.heading')}</h2>
            <p className="hint">{t('reports.alerts.hint')}</p>
            <ReportTable label={t('reports.alerts.caption')} section="alerts" filters={filters}>
              <thead>
                <tr>
                  <th scope="col">{t('reports.alerts.type')}</th>
                  <NumberHeadings
                    labels={[
                      t('reports.alerts.raised'),
                      t('reports.alerts.acknowledged'),
                      t('reports.alerts.resolved'),
                      t('reports.alerts.medianHours'),
                    ]}
                  />
                </tr>
              </thead>
              <tbody>
                {report.alerts.map((r) => (
                  <tr key={r.type}>
                    <th scope="row">{alertType(r.type)}</th>
                    <td className="number">{count(r.raised)}</td>
                    <td className="number">{count(r.acknowledged)}</td>
                    <td className="number">{count(r.resolved)}</td>
                    <td className="number">{median(r.medianHoursToAcknowledge)}</td>
                  </tr>
                ))}
              </tbody>
            </ReportTable>
          </section>

          <section aria-labelledby="report-outcomes" className="panel">
            <h2 id="report-outcomes">{t('reports.outcomes.heading')}</h2>
            <p className="hint">{t('reports.outcomes.hint')}</p>
            {report.view === 'admin' &&
              (report.clinicOutcomes.length === 0 ? (
                <p>{t('reports.outcomes.none')}</p>
              ) : (
                outcomeTable(
                  'clinic-outcomes',
                  report.clinicOutcomes,
                  t('reports.outcomes.clinicCaption'),
                  t('reports.clinic'),
                )
              ))}
            {report.therapistOutcomes.length === 0
              ? report.view === 'therapist' && <p>{t('reports.outcomes.none')}</p>
              : outcomeTable(
                  'therapist-outcomes',
                  report.therapistOutcomes,
                  report.view === 'admin'
                    ? t('reports.outcomes.therapistCaption')
                    : t('reports.outcomes.ownCaption'),
                  t('reports.outcomes.therapist'),
                )}
          </section>
        </>
      )}
    </>
  );
}
