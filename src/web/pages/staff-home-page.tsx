import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AdminOverview } from '../admin/admin-overview.tsx';
import { useSession } from '../auth/session-context.tsx';
import { CaseloadPage } from '../caseload/caseload-page.tsx';
import { InterpreterSessionsView } from '../interpreter/interpreter-sessions-page.tsx';
import { StudiesView } from '../research/studies-page.tsx';
import { SupervisionQueueView } from '../supervision/supervision-queue-page.tsx';

/**
 * The signed-in start page: a home for every role the person holds. A therapist's caseload
 * comes first; then the supervision queue by therapist and case, the admin's clinics and
 * what needs doing, the interpreter's coming sessions, the researcher's studies.
 */
export function StaffHomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const welcome = t('shell.welcome', { name: session?.staff?.displayName ?? '' });
  const roles = new Set(session?.staff?.roles.map((r) => r.role) ?? []);
  const others = (
    <>
      {roles.has('supervisor') && (
        <section aria-labelledby="home-supervision" className="home-section">
          <h2 id="home-supervision">{t('supervision.title')}</h2>
          <SupervisionQueueView level={3} />
          {!roles.has('therapist') && (
            <p>
              <Link to="/caseload">{t('home.superviseesCaseload')}</Link>
            </p>
          )}
        </section>
      )}
      {roles.has('admin') && (
        <section aria-labelledby="home-admin" className="home-section">
          <h2 id="home-admin">{t('admin.title')}</h2>
          <AdminOverview level={3} />
        </section>
      )}
      {roles.has('interpreter') && (
        <section aria-labelledby="home-interpreter" className="home-section">
          <h2 id="home-interpreter">{t('interpreterSessions.title')}</h2>
          <InterpreterSessionsView level={3} />
        </section>
      )}
      {roles.has('researcher') && (
        <section aria-labelledby="home-research" className="home-section">
          <h2 id="home-research">{t('research.title')}</h2>
          <StudiesView />
        </section>
      )}
    </>
  );
  if (roles.has('therapist'))
    return (
      <>
        <CaseloadPage heading={welcome} />
        {others}
      </>
    );
  return (
    <>
      <h1>{welcome}</h1>
      {roles.size === 0 && <p>{t('home.noRole')}</p>}
      {others}
    </>
  );
}
