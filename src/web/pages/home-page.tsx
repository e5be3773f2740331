import { useEffect, useState } from 'react';

type ServerState = 'checking' | 'ok' | 'unavailable';

/** The front door: what Rapport is, and whether this server and its database are up. */
export function HomePage() {
  const [state, setState] = useState<ServerState>('checking');
  useEffect(() => {
    fetch('/healthz')
      .then((r) => r.json() as Promise<{ status: string }>)
      .then((body) => setState(body.status === 'ok' ? 'ok' : 'unavailable'))
      .catch(() => setState('unavailable'));
  }, []);

  return (
    <main className="home">
      <h1>Rapport</h1>
      <p>
        Alliance-informed psychotherapy: clients and therapists rate the working alliance after each
        session; Rapport charts each relationship and flags ruptures before the next session.
      </p>
      <p role="status" aria-live="polite">
        Server and database:{' '}
        <strong data-state={state}>
          {state === 'checking' ? 'checking…' : state === 'ok' ? 'running' : 'unavailable'}
        </strong>
      </p>
      <p>
        The staff sign-in and the client questionnaire are being built; the API is described at{' '}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
    </main>
  );
}
