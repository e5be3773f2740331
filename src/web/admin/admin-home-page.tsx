import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** /admin: the clinic administrator's pages. */
export function AdminHomePage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.intro')}</p>
      <ul className="link-list">
        <li>
          <Link to="/admin/clinics">{t('admin.clinics.title')}</Link>
        </li>
        <li>
          <Link to="/admin/staff">{t('admin.staff.title')}</Link>
        </li>
        <li>
          <Link to="/admin/plans">{t('admin.plans.title')}</Link>
        </li>
        <li>
          <Link to="/admin/audit">{t('admin.audit.title')}</Link>
        </li>
        <li>
          <Link to="/admin/alliance-settings">{t('allianceSettings.title')}</Link>
        </li>
      </ul>
    </>
  );
}
