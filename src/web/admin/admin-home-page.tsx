import { useTranslation } from 'react-i18next';
import { AdminOverview } from './admin-overview.tsx';

/** /admin: the clinic administrator's home. */
export function AdminHomePage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.intro')}</p>
      <AdminOverview level={2} />
    </>
  );
}
