import { Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CaseViewResponse } from '../../core/api/case-view.ts';
import { CaseAlertsPanel } from '../alerts/case-alerts-panel.tsx';
import { ApiError, apiGet } from '../api-client.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { SupervisionNotesPanel } from '../supervision/supervision-notes-panel.tsx';
import { ShowClientButton } from '../in-session/show-client-button.tsx';
import { CaseReportLink } from './case-report-link.tsx';
import { ResearchPanel } from './research-panel.tsx';
import { SessionList } from './session-list.tsx';

// Observable Plot is large: the charts load only when a case page is opened.
const CaseCharts = lazy(() => import('./case-charts.tsx'));

type Load =
  | { state: 'loading' }
  | { state: 'ready'; view: CaseViewResponse }
  | { state: 'not-found' }
  | { state: 'failed' };

/**
 * One case: who is in it, its alerts (first, so a therapist sees them at a glance), how the
 * alliance and outcomes have gone, its sessions, and the supervision notes.
 */
export function CasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    apiGet<CaseViewResponse>(`/api/cases/${encodeURIComponent(caseId)}`)
      .then((view) => live && setLoad({ state: 'ready', view }))
      .catch((e: unknown) => {
        if (!live) return;
        setLoad(
          e instanceof ApiError && e.status === 404 ? { state: 'not-found' } : { state: 'failed' },
        );
      });
    return () => {
      live = false;
    };
  }, [caseId]);

  if (load.state === 'not-found') return <NotFoundPage />;
  if (load.state === 'failed')
    return (
      <p role="alert" className="form-error">
        {t('caseView.loadFailed')}
      </p>
    );
  if (load.state === 'loading')
    return (
      <p role="status" className="loading">
        {t('app.loading')}
      </p>
    );

  const { view } = load;
  return (
    <article className="case-page" data-testid="case-page" data-access={view.access}>
      <p>
        <Link to="/caseload">{t('caseView.backToCaseload')}</Link>
        {' · '}
        <Link to={`/case-records/${view.case.id}`}>{t('intake.record.manage')}</Link>
        {' · '}
        <CaseReportLink caseId={view.case.id} />
      </p>
      <header className="case-header">
        <h1>
          {view.case.reference} <span className="case-type">{t(`caseType.${view.case.type}`)}</span>
        </h1>
        {view.access === 'read' && (
          <p className="read-only-banner" role="note" data-testid="read-only-banner">
            {t('caseView.readOnlyBanner')}
          </p>
        )}
        <dl className="case-facts">
          <div>
            <dt>{t('caseView.members')}</dt>
            <dd>
              <ul className="inline-list">
                {view.members.map((m) => (
                  <li key={m.clientId}>{m.displayName}</li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('caseView.therapists')}</dt>
            <dd>
              <ul className="inline-list">
                {view.therapists.map((th) => (
                  <li key={th.staffUserId}>
                    {th.displayName}
                    {th.isPrimary && view.therapists.length > 1 && ` (${t('caseView.primary')})`}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          {view.case.presentingConcerns.length > 0 && (
            <div>
              <dt>{t('caseView.presentingConcerns')}</dt>
              <dd>
                <ul className="inline-list">
                  {view.case.presentingConcerns.map((concern) => (
                    <li key={concern}>{concern}</li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('caseView.clinic')}</dt>
            <dd>
              {view.case.clinicName} ({view.case.timeZone})
            </dd>
          </div>
        </dl>
      </header>
      {view.access === 'write' && <ShowClientButton caseId={view.case.id} members={view.members} />}
      <CaseAlertsPanel caseId={view.case.id} access={view.access} />
      <Suspense
        fallback={
          <p role="status" className="loading">
            {t('caseView.loadingCharts')}
          </p>
        }
      >
        <CaseCharts view={view} />
      </Suspense>
      <SessionList view={view} />
      <SupervisionNotesPanel caseId={view.case.id} />
      {view.access === 'write' && <ResearchPanel caseId={view.case.id} />}
    </article>
  );
}
