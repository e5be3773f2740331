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

  return (
    <>
      <header className="top">
        <PasswordOnlyBanner />
      </header>
      <main className="home">
        <h1>Rapport</h1>
        <p>
          Alliance-informed psychotherapy: clients and therapists rate the working alliance after
          each session; Rapport charts each relationship and flags ruptures before the next session.
        </p>
        <p role="status" aria-live="polite">
          Server and database:{' '}
          <strong data-state={state}>
            {state === 'checking' ? 'checking…' : state === 'ok' ? 'running' : 'unavailable'}
          </strong>
        </p>
        <p>
          <Link to="/sign-in" className="button">
            {t('signIn.title')}
          </Link>
        </p>
        <p>
          The client questionnaire is being built; the API is described at{' '}
          <a href="/api/openapi.json">/api/openapi.json</a>.
        </p>
      </main>
    </>
  );
}
