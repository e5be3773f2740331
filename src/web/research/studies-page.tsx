import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLoad } from '../admin/use-load.ts';
import { fetchStudies } from './research-api.ts';

/** /research: the studies whose team the researcher is on, and a way to start a new one. */
export function StudiesPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('research.title')}</h1>
      <StudiesView />
    </>
  );
}

/** The studies whose team the researcher is on: on /research and on a researcher's home. */
export function StudiesView() {
  const { t, i18n } = useTranslation();
  const { data, error } = useLoad(fetchStudies);
  return (
    <>
      <p>{t('research.intro')}</p>
      <p>
        <Link to="/research/new" className="button">
          {t('research.newStudy')}
        </Link>
      </p>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p role="status">{t('app.loading')}</p>}
      {data && data.studies.length === 0 && <p>{t('research.none')}</p>}
      {data && data.studies.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t('research.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('research.form.title')}</th>
                <th scope="col">{t('research.statusSection.heading')}</th>
                <th scope="col">{t('research.form.principalInvestigator')}</th>
                <th scope="col" className="number">
                  {t('research.participants')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.studies.map((s) => (
                <tr key={s.id} data-testid="study-row">
                  <th scope="row">
                    <Link to={`/research/${encodeURIComponent(s.id)}`}>{s.title}</Link>
                  </th>
                  <td>{t(`research.status.${s.status}`)}</td>
                  <td>{s.principalInvestigator}</td>
                  <td className="number">{s.participants.toLocaleString(i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
