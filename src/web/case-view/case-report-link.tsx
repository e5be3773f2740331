import { useTranslation } from 'react-i18next';

/** The printable case report (PDF), in the language the page is shown in. */
export function CaseReportLink({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'es' ? 'es' : 'en';
  return (
    <a
      href={`/api/cases/${encodeURIComponent(caseId)}/report?lang=${lang}`}
      download
      data-testid="case-report-link"
    >
      {t('caseReport.download')}
    </a>
  );
}
