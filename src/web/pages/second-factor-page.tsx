import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { SecondFactorAnswer } from '../../core/api/auth.ts';
import { apiPost } from '../api-client.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { errorMessage } from '../auth/error-message.ts';
import { pathForState } from '../auth/session.ts';
import { useSession } from '../auth/session-context.tsx';
import { FormError } from '../components/form-error.tsx';
import { returnPath } from './sign-in-page.tsx';

export function SecondFactorPage() {
  const { t } = useTranslation();
  const { session, update, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [usedRecovery, setUsedRecovery] = useState<SecondFactorAnswer | null>(null);

  if (usedRecovery) {
    return (
      <AuthLayout title={t('secondFactor.title')}>
        <p role="status">
          {t('secondFactor.recoveryUsed', { count: usedRecovery.recoveryCodesLeft })}
        </p>
        <button
          type="button"
          onClick={() => void navigate(returnPath(location.state), { replace: true })}
        >
          {t('secondFactor.submit')}
        </button>
      </AuthLayout>
    );
  }
  if (session && session.state !== 'second-factor') {
    const target =
      session.state === 'signed-in' ? returnPath(location.state) : pathForState[session.state];
    return <Navigate to={target} replace state={location.state} />;
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    setBusy(true);
    setError(null);
    try {
      const next = await apiPost<SecondFactorAnswer>('/api/auth/second-factor', { code });
      update(next);
      if (next.method === 'recovery-code') {
        // Say how many recovery codes are left before moving on.
        setUsedRecovery(next);
        return;
      }
      void navigate(returnPath(location.state), { replace: true });
    } catch (e) {
      setError(errorMessage(t, e, { unauthorized: t('secondFactor.wrong') }));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('secondFactor.title')}>
      <p>{t('secondFactor.intro')}</p>
      <form onSubmit={submit} className="stack">
        <label>
          <span>{t('secondFactor.code')}</span>
          <input
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            minLength={6}
            maxLength={40}
            autoFocus
          />
        </label>
        <FormError message={error} />
        <button type="submit" disabled={busy}>
          {t('secondFactor.submit')}
        </button>
      </form>
      <p>
        <button type="button" className="link" onClick={() => void signOut()}>
          {t('secondFactor.startAgain')}
        </button>
      </p>
    </AuthLayout>
  );
}
