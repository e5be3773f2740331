import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Health } from '../../core/api/health.ts';
import { PasswordOnlyBanner } from '../components/password-only-banner.tsx';

type ServerState = 'checking' | 'ok' | 'unavailable';

/** The front door: what Rapport is, whether this server and its database are up, sign-in. */
export function HomePage() {
  const { t } = useTranslation();
  const [state, setState] = useState<ServerState>('checking');
  useEffect(() => {
    fetch('/healthz')
      .then((r) => r.json() as Promise<Health>)
      .then((body) => setState(body.status === 'ok' ? 'ok' : 'unavailable'))
      .catch(() => setState('unavailable'));
  }, []);
  const stateText = {
    checking: t('home.checking'),
    ok: t('home.running'),
    unavailable: t('home.unavailable'),
  }[state];

  return (
    <>
      <header className="top">
        <PasswordOnlyBanner />
      </header>
      <main className="home">
        <h1>Rapport</h1>
        <p>{t('home.intro')}</p>
        <p>{t('home.staff')}</p>
        <p>
          <Link to="/sign-in" className="button">
            {t('signIn.title')}
          </Link>
        </p>
        <p>{t('home.clients')}</p>
        <p role="status" aria-live="polite">
          {t('home.server')} <strong data-state={state}>{stateText}</strong>
        </p>
        <p>
          {t('home.api')} <a href="/api/openapi.json">/api/openapi.json</a>.
        </p>
      </main>
    </>
  );
}
