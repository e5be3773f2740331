import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import type { TotpConfirmation, TotpEnrolment as Enrolment } from '../../core/api/auth.ts';
import { apiPost } from '../api-client.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { errorMessage } from '../auth/error-message.ts';
import { pathForState } from '../auth/session.ts';
import { useSession } from '../auth/session-context.tsx';
import { FormError } from '../components/form-error.tsx';

/** Base32 in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

export function TotpEnrolmentPage() {
  const { t } = useTranslation();
  const { session, update } = useSession();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayEnrol = session?.state === 'enrol-second-factor';

  useEffect(() => {
    if (!mayEnrol || recoveryCodes) return;
    let current = true;
    apiPost<Enrolment>('/api/auth/totp/enrolment')
      .then((e) => current && setEnrolment(e))
      .catch((e: unknown) => current && setError(errorMessage(t, e)));
    // A second run (React's development double effect) makes a new secret; keep only it.
    return () => {
      current = false;
    };
  }, [mayEnrol, recoveryCodes, t]);

  if (recoveryCodes) {
    return (
      <AuthLayout title={t('enrolment.recoveryTitle')}>
        <p>{t('enrolment.recoveryIntro')}</p>
        <ol className="recovery-codes" aria-label={t('enrolment.recoveryCodes')}>
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => void navigate('/', { replace: true })}>
          {t('enrolment.saved')}
        </button>
      </AuthLayout>
    );
  }
  if (session && !mayEnrol) return <Navigate to={pathForState[session.state]} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    setBusy(true);
    setError(null);
    try {
      const next = await apiPost<TotpConfirmation>('/api/auth/totp/enrolment/confirm', { code });
      setRecoveryCodes(next.recoveryCodes);
      update(next);
    } catch (e) {
      setError(errorMessage(t, e, { validation: t('enrolment.wrong') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('enrolment.title')}>
      <p>{t('enrolment.intro')}</p>
      <ol className="steps">
        <li>
          <p>{t('enrolment.step1')}</p>
          {enrolment && (
            <>
              <img
                className="qr"
                src={enrolment.qrCodeDataUrl}
                alt={t('enrolment.qrAlt')}
                width={220}
                height={220}
              />
              <p>
                {t('enrolment.manual')}{' '}
                <code data-testid="totp-secret" data-secret={enrolment.secret}>
                  {grouped(enrolment.secret)}
                </code>
              </p>
            </>
          )}
        </li>
        <li>
          <form onSubmit={submit} className="stack">
            <label>
              <span>{t('enrolment.step2')}</span>
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                required
                aria-describedby="enrolment-code-hint"
              />
            </label>
            <span id="enrolment-code-hint" className="hint">
              {t('enrolment.code')}
            </span>
            <FormError message={error} />
            <button type="submit" disabled={busy || !enrolment}>
              {t('enrolment.submit')}
            </button>
          </form>
        </li>
      </ol>
    </AuthLayout>
  );
}
