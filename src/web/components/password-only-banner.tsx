import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.tsx';

/**
 * Shown on every page while the install signs people in without a second factor. It sits
 * inside the page's <header>, so it is part of a landmark and read first.
 */
export function PasswordOnlyBanner() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (session?.authMode !== 'password-only') return null;
  return (
    <p className="banner-warning" role="note" data-testid="password-only-banner">
      {t('app.passwordOnlyBanner')}
    </p>
  );
}
