import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { SupervisionNotesPanel } from '../supervision/supervision-notes-panel.tsx';
import { CaseAlertsPanel } from './case-alerts-panel.tsx';

/** /cases/:caseId/alerts: the alerts panel on a page of its own, with the supervision notes. */
export function CaseAlertsPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  return (
    <>
      <h1>{t('alerts.pageTitle')}</h1>
      <p>
        <Link to={`/cases/${encodeURIComponent(caseId)}`}>{t('alerts.backToCase')}</Link>
      </p>
      <CaseAlertsPanel caseId={caseId} />
      <SupervisionNotesPanel caseId={caseId} />
    </>
  );
}
