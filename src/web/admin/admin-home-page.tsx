import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchMailStatus } from './admin-api.ts';
import { useLoad } from './use-load.ts';

/** /admin: the clinic administrator's pages. */
export function AdminHomePage() {
  const { t } = useTranslation();
  const mail = useLoad(fetchMailStatus);
  const notSent = mail.data?.notSentNoMailServer ?? 0;
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.intro')}</p>
      {notSent > 0 && (
        <p className="banner-warning" role="status">
          {t('admin.mailNotSent', { count: notSent })}
        </p>
      )}
      <ul className="link-list">
        <li>
          <Link to="/admin/clinics">{t('admin.clinics.title')}</Link>
        </li>
        <li>
          <Link to="/admin/staff">{t('admin.staff.title')}</Link>
        </li>
        <li>
          <Link to="/admin/client-import">{t('intake.import.nav')}</Link>
        </li>
        <li>
          <Link to="/admin/plans">{t('admin.plans.title')}</Link>
        </li>
        <li>
          <Link to="/admin/audit">{t('admin.audit.title')}</Link>
        </li>
        <li>
          <Link to="/admin/api-tokens">{t('admin.apiTokens.title')}</Link>
        </li>
        <li>
          <Link to="/admin/alliance-settings">{t('allianceSettings.title')}</Link>
        </li>
      </ul>
    </>
  );
}
