import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { formatZonedDateTime, languageName } from '../case-view/format-zoned-time.ts';
import { type InterpreterSession, fetchInterpreterSessions } from './interpreter-api.ts';

/**
 * /interpreter: the sessions the signed-in interpreter is assigned to, in each clinic's time
 * zone. The server gives no client name and nothing clinical, so neither does this page.
 */
export function InterpreterSessionsPage() {
  const { t, i18n } = useTranslation();
  const [sessions, setSessions] = useState<InterpreterSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchInterpreterSessions()
      .then((r) => setSessions(r.sessions))
      .catch((e: unknown) => setError(errorMessage(t, e)));
  }, [t]);
  const locale = i18n.language;

  return (
    <>
      <h1 id="interpreter-heading">{t('interpreterSessions.title')}</h1>
      <p>{t('interpreterSessions.intro')}</p>
      {error && <p role="alert">{error}</p>}
      {!sessions && !error && <p role="status">{t('app.loading')}</p>}
      {sessions?.length === 0 && <p>{t('interpreterSessions.none')}</p>}
      {sessions && sessions.length > 0 && (
        <div
          className="table-scroll"
          role="region"
          aria-labelledby="interpreter-heading"
          tabIndex={0}
        >
          <table className="data-table interpreter-sessions">
            <thead>
              <tr>
                <th scope="col">{t('interpreterSessions.when')}</th>
                <th scope="col">{t('interpreterSessions.case')}</th>
                <th scope="col">{t('interpreterSessions.language')}</th>
                <th scope="col">{t('interpreterSessions.modality')}</th>
                <th scope="col">{t('interpreterSessions.attendance')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} data-testid="interpreter-session">
                  <th scope="row">
                    <time dateTime={s.startsAt}>
                      {formatZonedDateTime(s.startsAt, s.clinicTimeZone, locale)}
                    </time>
                    <span className="hint"> ({s.clinicTimeZone})</span>
                  </th>
                  <td>
                    {t('interpreterSessions.caseSession', {
                      reference: s.caseReference,
                      number: s.number,
                    })}
                  </td>
                  <td>{languageName(s.language, locale)}</td>
                  <td>{t(`caseView.modality.${s.modality}`)}</td>
                  <td>{t(`caseView.attendance.${s.attendance}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
