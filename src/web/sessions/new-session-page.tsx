import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { createSession, fetchCaseSessions } from './session-api.ts';
import { SessionFieldsForm } from './session-fields-form.tsx';

/** /cases/:caseId/sessions/new: a therapist on the case books the next session. */
export function NewSessionPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const navigate = useNavigate();
  const [state, setState] = useState<
    | { kind: 'loading' }
    | { kind: 'error'; message: string }
    | { kind: 'ready'; reference: string; timeZone: string }
  >({ kind: 'loading' });

  useEffect(() => {
    fetchCaseSessions(caseId)
      .then((c) =>
        c.access === 'write'
          ? setState({ kind: 'ready', reference: c.caseReference, timeZone: c.clinicTimeZone })
          : setState({ kind: 'error', message: t('sessions.notFound') }),
      )
      .catch((e: unknown) =>
        setState({
          kind: 'error',
          message:
            e instanceof ApiError && e.code === 'not_found'
              ? t('sessions.notFound')
              : errorMessage(t, e),
        }),
      );
  }, [caseId, t]);

  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error')
    return (
      <>
        <h1>{t('sessions.newTitle')}</h1>
        <p role="alert">{state.message}</p>
      </>
    );

  // A week from now at the next full hour is a fair first guess; the therapist changes it.
  const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 7 * 86_400_000);
  return (
    <>
      <p>
        <Link to={`/cases/${encodeURIComponent(caseId)}`}>
          {t('sessions.backToCase', { reference: state.reference })}
        </Link>
      </p>
      <h1>{t('sessions.newTitle')}</h1>
      <p>{t('sessions.caseLabel', { reference: state.reference })}</p>
      <SessionFieldsForm
        initial={{
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 50 * 60_000).toISOString(),
          modality: 'in-person',
          language: 'en',
          interpreterId: null,
        }}
        timeZone={state.timeZone}
        submitLabel={t('sessions.create')}
        onSubmit={async (fields) => {
          const created = await createSession(caseId, fields);
          void navigate(`/sessions/${encodeURIComponent(created.id)}`, {
            state: { created: true, warnings: created.warnings },
          });
        }}
      />
    </>
  );
}
