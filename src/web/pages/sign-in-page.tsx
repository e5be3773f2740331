import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { apiPost } from '../api-client.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { errorMessage } from '../auth/error-message.ts';
import { type SessionState, pathForState } from '../auth/session.ts';
import { useSession } from '../auth/session-context.tsx';
import { FormError } from '../components/form-error.tsx';

/** Where to go after signing in: the page that sent the person here, if any. */
export const returnPath = (state: unknown): string => {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
};

export function SignInPage() {
  const { t } = useTranslation();
  const { session, update } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session?.state === 'signed-in') return <Navigate to={returnPath(location.state)} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const next = await apiPost<SessionState>('/api/auth/login', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      update(next);
      const target =
        next.state === 'signed-in' ? returnPath(location.state) : pathForState[next.state];
      void navigate(target, { replace: true, state: location.state });
    } catch (e) {
      setError(errorMessage(t, e, { unauthorized: t('signIn.wrong') }));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('signIn.title')}>
      {session?.state === 'in-session' && (
        <p role="note" data-testid="in-session-sign-in">
          {t('inSession.leaveNotice')}
        </p>
      )}
      <form onSubmit={submit} className="stack" noValidate={false}>
        <label>
          <span>{t('signIn.email')}</span>
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          <span>{t('signIn.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <FormError message={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t('signIn.forgot')}</Link>
      </p>
    </AuthLayout>
  );
}
