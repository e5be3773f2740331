import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.tsx';
import { CaseloadPage } from '../caseload/caseload-page.tsx';

/** The signed-in start page: the caseload for therapists and supervisors, else a welcome. */
export function StaffHomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const welcome = t('shell.welcome', { name: session?.staff?.displayName ?? '' });
  const seesCases = session?.staff?.roles.some(
    (r) => r.role === 'therapist' || r.role === 'supervisor',
  );
  if (seesCases) return <CaseloadPage heading={welcome} />;
  return (
    <>
      <h1>{welcome}</h1>
      <p>{t('shell.welcomeText')}</p>
    </>
  );
}
