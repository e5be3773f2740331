import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.tsx';

/** The signed-in start page until the caseload takes its place. */
export function StaffHomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <>
      <h1>{t('shell.welcome', { name: session?.staff?.displayName ?? '' })}</h1>
      <p>{t('shell.welcomeText')}</p>
    </>
  );
}
