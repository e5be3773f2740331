import { Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import type { InSessionView } from '../../core/api/in-session.ts';
import { pathForState } from '../auth/session.ts';
import { useSession } from '../auth/session-context.tsx';
import { LanguageSwitcher } from '../components/language-switcher.tsx';
import { inSessionReturnPath, readInSessionView } from './in-session-api.ts';

const InSessionCharts = lazy(() => import('./in-session-charts.tsx'));

type Load = { state: 'loading' } | { state: 'ready'; view: InSessionView } | { state: 'failed' };

/**
 * "Show the client" (/in-session): the tablet in the client's hands shows only their own
 * trajectories, from GET /api/in-session. The server holds the mode, so any other address
 * comes back here (the staff pages' frame sends an in-session session to this page), and
 * leaving it is a new sign-in.
 */
export function InSessionPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const inSession = session?.state === 'in-session';

  useEffect(() => {
    if (!inSession) return;
    let live = true;
    readInSessionView()
      .then((view) => live && setLoad({ state: 'ready', view }))
      .catch(() => live && setLoad({ state: 'failed' }));
    return () => {
      live = false;
    };
  }, [inSession]);

  if (!session)
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  if (!inSession) return <Navigate to={pathForState[session.state]} replace />;

  const leave = () =>
    void navigate('/sign-in', { state: { from: inSessionReturnPath(), leavingInSession: true } });

  return (
    <>
      <header className="top">
        <div className="top-bar">
          <span className="brand">{t('app.name')}</span>
          <div className="who">
            <LanguageSwitcher />
            <button type="button" onClick={leave} data-testid="leave-in-session">
              {t('inSession.leave')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="page in-session" data-testid="in-session" tabIndex={-1}>
        {load.state === 'loading' && (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        )}
        {load.state === 'failed' && (
          <p className="form-error" role="alert">
            {t('inSession.loadFailed')}
          </p>
        )}
        {load.state === 'ready' && (
          <>
            <h1>{t('inSession.title', { name: load.view.client.givenName })}</h1>
            <p className="in-session-intro">{t('inSession.intro')}</p>
            <Suspense
              fallback={
                <p role="status" className="loading">
                  {t('caseView.loadingCharts')}
                </p>
              }
            >
              <InSessionCharts view={load.view} />
            </Suspense>
          </>
        )}
      </main>
    </>
  );
}
