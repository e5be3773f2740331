import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatZonedDateTime } from '../case-view/format-zoned-time.ts';
import { fetchAdminOverview, fetchAudit } from './admin-api.ts';
import { useLoad } from './use-load.ts';

/** Lists longer than this are folded, so the clinics below stay within reach on a phone. */
const FOLD_AFTER = 5;

/** A list of names shown at once when short, behind "Show all N" when long. */
function LongList({ count, children }: { count: number; children: ReactNode }) {
  const { t } = useTranslation();
  if (count <= FOLD_AFTER) return <>{children}</>;
  return (
    <details className="long-list">
      <summary>{t('adminHome.showAll', { count })}</summary>
      {children}
    </details>
  );
}

const loadRecentAudit = () => fetchAudit(new URLSearchParams({ limit: '8' }));

/**
 * The admin's home: what needs doing in the clinics they run (staff without a second
 * factor, open cases without a therapist, mail that was not sent), the clinics with their
 * staff and open cases, the administration pages, and the latest audit events.
 */
export function AdminOverview({ level }: { level: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const overview = useLoad(fetchAdminOverview);
  const audit = useLoad(loadRecentAudit);
  const Heading = level === 2 ? 'h2' : 'h3';
  const o = overview.data;
  const zone = o?.clinics[0]?.timeZone ?? 'UTC';
  const todo = o
    ? o.staffWithoutSecondFactor.length +
      o.casesWithoutTherapist.length +
      o.mail.notSentNoMailServer +
      o.mail.deliveryFailed
    : 0;
  return (
    <>
      {overview.error && <p role="alert">{overview.error}</p>}
      {!o && !overview.error && <p role="status">{t('app.loading')}</p>}
      {o && (
        <section aria-labelledby="admin-todo" className="admin-todo">
          <Heading id="admin-todo">{t('adminHome.todo')}</Heading>
          {todo === 0 && <p>{t('adminHome.nothingToDo')}</p>}
          {o.mail.notSentNoMailServer > 0 && (
            <p className="banner-warning" role="status">
              {t('admin.mailNotSent', { count: o.mail.notSentNoMailServer })}
            </p>
          )}
          {o.mail.deliveryFailed > 0 && (
            <p className="banner-warning" role="status">
              {t('adminHome.mailFailed', { count: o.mail.deliveryFailed })}
            </p>
          )}
          {o.staffWithoutSecondFactor.length > 0 && (
            <>
              <p>
                {t('adminHome.noSecondFactor', { count: o.staffWithoutSecondFactor.length })}{' '}
                <Link to="/admin/staff">{t('admin.staff.title')}</Link>
              </p>
              <LongList count={o.staffWithoutSecondFactor.length}>
                <ul data-testid="admin-no-second-factor">
                  {o.staffWithoutSecondFactor.map((s) => (
                    <li key={s.id}>{s.displayName}</li>
                  ))}
                </ul>
              </LongList>
            </>
          )}
          {o.casesWithoutTherapist.length > 0 && (
            <>
              <p>{t('adminHome.noTherapist', { count: o.casesWithoutTherapist.length })}</p>
              <LongList count={o.casesWithoutTherapist.length}>
                <ul data-testid="admin-no-therapist">
                  {o.casesWithoutTherapist.map((c) => (
                    <li key={c.id}>
                      <Link to={`/cases/${encodeURIComponent(c.id)}`}>
                        {t('supervision.caseLink', { reference: c.reference })}
                      </Link>{' '}
                      <span className="hint">
                        {t('adminHome.openedAt', {
                          clinic: c.clinicName,
                          date: formatZonedDateTime(c.openedAt, zone, i18n.language),
                        })}
                      </span>
                    </li>
                  ))}
                </ul>
              </LongList>
            </>
          )}
        </section>
      )}
      {o && (
        <section aria-labelledby="admin-clinics">
          <Heading id="admin-clinics">{t('admin.clinics.title')}</Heading>
          <div
            className="table-scroll"
            role="region"
            aria-labelledby="admin-clinics-caption"
            tabIndex={0}
          >
            <table className="data-table">
              <caption id="admin-clinics-caption" className="cv-visually-hidden">
                {t('adminHome.clinicsCaption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('adminHome.clinic')}</th>
                  <th scope="col">{t('adminHome.timeZone')}</th>
                  <th scope="col" className="number">
                    {t('adminHome.staff')}
                  </th>
                  <th scope="col" className="number">
                    {t('adminHome.openCases')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.clinics.map((c) => (
                  <tr key={c.id} data-testid="admin-clinic">
                    <th scope="row">{c.name}</th>
                    <td>{c.timeZone}</td>
                    <td className="number">{c.staff.toLocaleString(i18n.language)}</td>
                    <td className="number">{c.openCases.toLocaleString(i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <nav aria-labelledby="admin-pages">
        <Heading id="admin-pages">{t('adminHome.pages')}</Heading>
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
            <Link to="/admin/alliance-settings">{t('allianceSettings.title')}</Link>
          </li>
          <li>
            <Link to="/admin/api-tokens">{t('admin.apiTokens.title')}</Link>
          </li>
          <li>
            <Link to="/reports">{t('reports.title')}</Link>
          </li>
          <li>
            <Link to="/admin/audit">{t('admin.audit.title')}</Link>
          </li>
        </ul>
      </nav>
      {audit.data && audit.data.events.length > 0 && (
        <section aria-labelledby="admin-recent-audit">
          <Heading id="admin-recent-audit">{t('adminHome.recentAudit')}</Heading>
          <ul className="recent-audit" data-testid="admin-recent-audit">
            {audit.data.events.map((e) => (
              <li key={e.id}>
                <time dateTime={e.occurredAt}>
                  {formatZonedDateTime(e.occurredAt, zone, i18n.language)}
                </time>{' '}
                · <code>{e.action}</code> ·{' '}
                {t(`admin.audit.outcomes.${e.outcome}`, { defaultValue: e.outcome })}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/admin/audit">{t('adminHome.allAudit')}</Link>
          </p>
        </section>
      )}
    </>
  );
}
