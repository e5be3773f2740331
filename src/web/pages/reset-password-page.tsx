import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, apiPost } from '../api-client.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { errorMessage, passwordProblem } from '../auth/error-message.ts';
import { useSession } from '../auth/session-context.tsx';
import { FormError } from '../components/form-error.tsx';

/**
 * The link's token arrives in the fragment (#token=…), which no browser sends to a server;
 * it is taken out of the address bar at once so it stays out of the history.
 */
const tokenFromFragment = (): string | null =>
  new URLSearchParams(window.location.hash.slice(1)).get('token');

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [token] = useState(tokenFromFragment);
  useEffect(() => {
    if (window.location.hash)
      window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token ? 'form' : 'invalid');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError(t('reset.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiPost('/api/auth/password-reset/confirm', { token, password });
      setState('done');
      await refresh().catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.issues.some((i) => i.path === 'token')) setState('invalid');
      else setError(passwordProblem(t, e) ?? errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('reset.title')}>
      {state === 'done' && (
        <>
          <p role="status">{t('reset.done')}</p>
          <p>
            <Link to="/sign-in">{t('reset.goToSignIn')}</Link>
          </p>
        </>
      )}
      {state === 'invalid' && (
        <>
          <p role="alert">{token ? t('reset.invalidLink') : t('reset.noToken')}</p>
          <p>
            <Link to="/forgot-password">{t('reset.askAgain')}</Link>
          </p>
        </>
      )}
      {state === 'form' && (
        <form onSubmit={submit} className="stack">
          <p id="password-hint" className="hint">
            {t('reset.hint')}
          </p>
          <label>
            <span>{t('reset.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={12}
              required
              aria-describedby="password-hint"
            />
          </label>
          <label>
            <span>{t('reset.confirm')}</span>
            <input name="confirm" type="password" autoComplete="new-password" required />
          </label>
          <FormError message={error} />
          <button type="submit" disabled={busy}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
