import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { pathForState } from './auth/session.ts';
import { useSession } from './auth/session-context.tsx';
import { LanguageSwitcher } from './components/language-switcher.tsx';
import { PasswordOnlyBanner } from './components/password-only-banner.tsx';
import { HomePage } from './pages/home-page.tsx';

/**
 * The frame of every signed-in page: header with the person and sign-out, the
 * password-only warning, and the page itself (<Outlet />). Staff pages are routes nested
 * under it in main.tsx. Signed out, "/" is the public front page and any other address
 * goes to sign-in and comes back after it.
 */
export function AppShell() {
  const { t } = useTranslation();
  const { session, signOut, error } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  if (!session) {
    if (error && location.pathname === '/') return <HomePage />;
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (session.state === 'signed-out') {
    if (location.pathname === '/') return <HomePage />;
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }
  if (session.state !== 'signed-in')
    return (
      <Navigate
        to={pathForState[session.state]}
        replace
        state={{ from: location.pathname + location.search }}
      />
    );

  // The server names the person in every signed-in answer (src/server/auth/auth.routes.ts).
  const staff = session.staff!;
  const leave = async () => {
    await signOut();
    void navigate('/sign-in', { replace: true });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top">
        <PasswordOnlyBanner />
        <div className="top-bar">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <nav aria-label={t('shell.mainNavigation')} className="nav">
            <Link to="/">{t('shell.home')}</Link>
            {staff.roles.some((r) => r.role === 'therapist' || r.role === 'supervisor') && (
              <Link to="/caseload">{t('caseload.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'therapist') && (
              <Link to="/forms">{t('therapistForms.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'therapist') && (
              <Link to="/reports">{t('reports.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'supervisor') && (
              <Link to="/supervision">{t('supervision.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'interpreter') && (
              <Link to="/interpreter">{t('interpreterSessions.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'admin' || r.role === 'therapist') && (
              <>
                <Link to="/clients">{t('intake.clients.nav')}</Link>
                <Link to="/case-records">{t('intake.closed.nav')}</Link>
              </>
            )}
            {staff.roles.some((r) => r.role === 'researcher') && (
              <Link to="/research">{t('research.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'admin') && (
              <Link to="/admin">{t('admin.nav')}</Link>
            )}
            {staff.roles.some((r) => r.role === 'admin') && (
              <Link to="/admin/alliance-settings">{t('allianceSettings.nav')}</Link>
            )}
          </nav>
          <div className="who">
            <span data-testid="signed-in-as">
              {t('shell.signedInAs', { name: staff.displayName })}
            </span>
            <LanguageSwitcher />
            <button type="button" onClick={() => void leave()}>
              {t('shell.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
