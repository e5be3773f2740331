import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiPost } from '../api-client.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    setBusy(true);
    setError(null);
    try {
      await apiPost('/api/auth/password-reset', { email });
      setSent(true);
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('forgot.title')}>
      {sent ? (
        <p role="status">{t('forgot.sent')}</p>
      ) : (
        <>
          <p>{t('forgot.intro')}</p>
          <form onSubmit={submit} className="stack">
            <label>
              <span>{t('forgot.email')}</span>
              <input name="email" type="email" autoComplete="username" required autoFocus />
            </label>
            <FormError message={error} />
            <button type="submit" disabled={busy}>
              {t('forgot.submit')}
            </button>
          </form>
        </>
      )}
      <p>
        <Link to="/sign-in">{t('forgot.backToSignIn')}</Link>
      </p>
    </AuthLayout>
  );
}
