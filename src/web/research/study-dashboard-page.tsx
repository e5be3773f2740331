import { type ReactNode, Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import {
  type StudyChoices,
  type StudyDashboard,
  fetchStudyChoices,
  fetchStudyDashboard,
} from './research-api.ts';

const ConsentsChart = lazy(() => import('./consents-chart.tsx'));

const STATUSES = ['invited', 'consented', 'declined', 'withdrawn', 'completed'] as const;
const INTERVIEW_COLUMNS = [
  'completed',
  'partial',
  'declined',
  'dueSoon',
  'overdue',
  'missed',
] as const;

/** A table that scrolls sideways on a phone, reachable by keyboard. */
function ScrollTable(props: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      <table className="data-table" data-testid={props.testId}>
        <caption>{props.label}</caption>
        {props.children}
      </table>
    </div>
  );
}

/**
 * /research/:studyId/dashboard: the study's numbers for its team (issue 16, item 7) —
 * enrolment against target, consents by version, who needs re-consent, forms completed,
 * consents per week and the interview line. Counts and pseudonyms only.
 */
export function StudyDashboardPage() {
  const { t, i18n } = useTranslation();
  const { studyId } = useParams();
  const [data, setData] = useState<{ dashboard: StudyDashboard; choices: StudyChoices } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!studyId) return;
    Promise.all([fetchStudyDashboard(studyId), fetchStudyChoices()])
      .then(([dashboard, choices]) => setData({ dashboard, choices }))
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? t('research.none') : errorMessage(t, e),
        ),
      );
  }, [studyId]);

  if (error)
    return (
      <>
        <h1>{t('research.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const { dashboard: d, choices } = data;
  const count = (n: number | null) =>
    n === null
      ? t('studyDashboard.fewerThan', { k: d.minCellSize })
      : n.toLocaleString(i18n.language);
  const instrumentName = (id: string) => choices.instruments.find((i) => i.id === id)?.name ?? id;
  const day = (iso: string) =>
    new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString(i18n.language, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  const { interviews } = d;
  const interviewTotal =
    (interviews.client.interviews ?? 0) + (interviews.therapist.interviews ?? 0);

  return (
    <>
      <p>
        <Link to={`/research/${encodeURIComponent(d.studyId)}`}>{t('studyDashboard.back')}</Link>
      </p>
      <h1 className="typed-heading">{t('studyDashboard.title', { title: d.title })}</h1>
      <p className="hint">{t('studyDashboard.intro')}</p>

      <section aria-labelledby="dashboard-enrolment" className="panel">
        <h2 id="dashboard-enrolment">{t('studyDashboard.enrolment.heading')}</h2>
        <ScrollTable label={t('studyDashboard.enrolment.caption')} testId="enrolment-table">
          <thead>
            <tr>
              <th scope="col">{t('studyDashboard.enrolment.clinic')}</th>
              <th scope="col">{t('studyDashboard.enrolment.target')}</th>
              <th scope="col">{t('studyDashboard.enrolment.enrolled')}</th>
            </tr>
          </thead>
          <tbody>
            {d.clinics.map((c) => (
              <tr key={c.clinicId}>
                <th scope="row">{c.clinicName}</th>
                <td>{count(c.targetEnrolment)}</td>
                <td>
                  {t('studyDashboard.enrolment.progress', {
                    enrolled: count(c.enrolledCases),
                    target: count(c.targetEnrolment),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
        <p className="hint">{t('studyDashboard.enrolment.hint')}</p>
        <ScrollTable label={t('studyDashboard.enrolment.statusCaption')} testId="status-table">
          <thead>
            <tr>
              <th scope="col">{t('studyDashboard.enrolment.clinic')}</th>
              <th scope="col">{t('studyDashboard.enrolment.role')}</th>
              {STATUSES.map((s) => (
                <th key={s} scope="col">
                  {t(`research.people.statuses.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.clinics.flatMap((c) =>
              c.roles.map((r) => (
                <tr key={`${c.clinicId}-${r.role}`}>
                  <th scope="row">{c.clinicName}</th>
                  <td>{t(`studyDashboard.enrolment.roles.${r.role}`)}</td>
                  {STATUSES.map((s) => (
                    <td key={s}>{count(r.statuses[s])}</td>
                  ))}
                </tr>
              )),
            )}
          </tbody>
        </ScrollTable>
      </section>

      <section aria-labelledby="dashboard-versions" className="panel">
        <h2 id="dashboard-versions">{t('studyDashboard.versions.heading')}</h2>
        <ScrollTable label={t('studyDashboard.versions.caption')} testId="versions-table">
          <thead>
            <tr>
              <th scope="col">{t('studyDashboard.versions.language')}</th>
              <th scope="col">{t('studyDashboard.versions.version')}</th>
              <th scope="col">{t('studyDashboard.versions.effectiveFrom')}</th>
              <th scope="col">{t('studyDashboard.versions.consented')}</th>
              <th scope="col">{t('studyDashboard.versions.declined')}</th>
              <th scope="col">{t('studyDashboard.versions.assents')}</th>
            </tr>
          </thead>
          <tbody>
            {d.consentVersions.map((v) => (
              <tr key={`${v.language}-${v.version}`}>
                <th scope="row">{v.language}</th>
                <td>{v.version}</td>
                <td>{day(v.effectiveFrom)}</td>
                <td>{count(v.consented)}</td>
                <td>{count(v.declined)}</td>
                <td>{count(v.assents)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </section>

      <section aria-labelledby="dashboard-reconsent" className="panel">
        <h2 id="dashboard-reconsent">{t('studyDashboard.reconsent.heading')}</h2>
        {d.reconsentBelowVersion === null ? (
          <p>{t('studyDashboard.reconsent.notAsked')}</p>
        ) : d.reconsent.length === 0 ? (
          <p>{t('studyDashboard.reconsent.none', { version: d.reconsentBelowVersion })}</p>
        ) : (
          <>
            <p>{t('studyDashboard.reconsent.intro', { version: d.reconsentBelowVersion })}</p>
            <ScrollTable label={t('studyDashboard.reconsent.caption')} testId="reconsent-table">
              <thead>
                <tr>
                  <th scope="col">{t('studyDashboard.reconsent.pseudonym')}</th>
                  <th scope="col">{t('studyDashboard.enrolment.role')}</th>
                  <th scope="col">{t('studyDashboard.enrolment.clinic')}</th>
                  <th scope="col">{t('studyDashboard.reconsent.consent')}</th>
                </tr>
              </thead>
              <tbody>
                {d.reconsent.map((r) => (
                  <tr key={r.pseudonym}>
                    <th scope="row">{r.pseudonym}</th>
                    <td>{t(`research.form.respondents.${r.role}`)}</td>
                    <td>{r.clinicName}</td>
                    <td>
                      {t('studyDashboard.reconsent.consentValue', {
                        version: r.version,
                        language: r.language,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </>
        )}
      </section>

      <section aria-labelledby="dashboard-forms" className="panel">
        <h2 id="dashboard-forms">{t('studyDashboard.forms.heading')}</h2>
        {d.forms.length === 0 ? (
          <p>{t('studyDashboard.forms.none')}</p>
        ) : (
          <ScrollTable label={t('studyDashboard.forms.caption')} testId="forms-table">
            <thead>
              <tr>
                <th scope="col">{t('studyDashboard.forms.respondent')}</th>
                <th scope="col">{t('studyDashboard.forms.session')}</th>
                <th scope="col">{t('studyDashboard.forms.form')}</th>
                <th scope="col">{t('studyDashboard.forms.asked')}</th>
                <th scope="col">{t('studyDashboard.forms.answered')}</th>
              </tr>
            </thead>
            <tbody>
              {d.forms.map((f) => (
                <tr key={`${f.role}-${f.sessionNumber ?? 'enrolment'}-${f.instrumentId}`}>
                  <th scope="row">{t(`studyDashboard.enrolment.roles.${f.role}`)}</th>
                  <td>{f.sessionNumber ?? t('studyDashboard.forms.enrolment')}</td>
                  <td>{instrumentName(f.instrumentId)}</td>
                  <td>{count(f.asked)}</td>
                  <td>{count(f.answered)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="dashboard-weeks" className="panel">
        <h2 id="dashboard-weeks">{t('studyDashboard.weeks.heading')}</h2>
        {d.weeks.length === 0 ? (
          <p>{t('studyDashboard.weeks.none')}</p>
        ) : (
          <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
            <ConsentsChart weeks={d.weeks} count={count} />
          </Suspense>
        )}
      </section>

      <section aria-labelledby="dashboard-interviews" className="panel">
        <h2 id="dashboard-interviews">{t('studyDashboard.interviews.heading')}</h2>
        <p data-testid="interviews-line">
          {interviewTotal === 0
            ? t('studyDashboard.interviews.none')
            : t('studyDashboard.interviews.some', {
                client: count(interviews.client.interviews),
                clientPeople: count(interviews.client.participants),
                therapist: count(interviews.therapist.interviews),
                therapistPeople: count(interviews.therapist.participants),
                total: count(interviewTotal),
              })}
        </p>
        <p data-testid="interviews-urgent">
          {t('studyDashboard.interviews.urgent', {
            dueSoon: count(interviews.dueSoon),
            overdue: count(interviews.overdue),
            missed: count(interviews.missed),
          })}
        </p>
        {interviews.sites.length > 0 && (
          <ScrollTable label={t('studyDashboard.interviews.caption')} testId="interviews-table">
            <thead>
              <tr>
                <th scope="col">{t('studyDashboard.enrolment.clinic')}</th>
                <th scope="col">{t('studyDashboard.enrolment.role')}</th>
                {INTERVIEW_COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {t(`studyDashboard.interviews.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {interviews.sites.map((s) => (
                <tr key={`${s.clinicId}-${s.role}`}>
                  <th scope="row">{s.clinicName}</th>
                  <td>{t(`studyDashboard.enrolment.roles.${s.role}`)}</td>
                  {INTERVIEW_COLUMNS.map((c) => (
                    <td key={c}>{count(s[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
        <p>
          <Link to={`/research/${encodeURIComponent(d.studyId)}/interviews`}>
            {t('interviews.link')}
          </Link>
        </p>
      </section>
    </>
  );
}
