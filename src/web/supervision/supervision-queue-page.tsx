import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SupervisionQueue } from '../../core/api/supervision.ts';
import { explainAlert } from '../alerts/alert-api.ts';
import { apiGet } from '../api-client.ts';
import { FormError } from '../components/form-error.tsx';

/** /supervision: the supervisees' open alerts and the sessions they flagged. */
export function SupervisionQueuePage() {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<SupervisionQueue | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiGet<SupervisionQueue>('/api/supervision/queue')
      .then(setQueue)
      .catch(() => setError(t('error.generic')));
  }, [t]);

  return (
    <>
      <h1>{t('supervision.title')}</h1>
      <FormError message={error} />
      {!queue && !error && <p>{t('app.loading')}</p>}
      {queue && (
        <>
          <section aria-labelledby="supervision-alerts">
            <h2 id="supervision-alerts">{t('supervision.alerts')}</h2>
            {queue.alerts.length === 0 ? (
              <p>{t('supervision.noAlerts')}</p>
            ) : (
              <ul className="alert-list">
                {queue.alerts.map((a) => (
                  <li key={a.alertId} className="alert-card" data-severity={a.severity}>
                    <p>
                      <span className="badge" data-severity={a.severity}>
                        {t(`alerts.severity.${a.severity}`)}
                      </span>{' '}
                      <Link to={`/cases/${encodeURIComponent(a.caseId)}/alerts`}>
                        {t('supervision.caseLink', { reference: a.caseReference })}
                      </Link>{' '}
                      · {t(`alerts.type.${a.type}`, { defaultValue: a.type })} ·{' '}
                      {t(`alerts.status.${a.status}`)}
                    </p>
                    <p>{explainAlert(t, a.explanation)}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="supervision-flagged">
            <h2 id="supervision-flagged">{t('supervision.flagged')}</h2>
            {queue.flaggedSessions.length === 0 ? (
              <p>{t('supervision.noFlagged')}</p>
            ) : (
              <ul className="alert-list">
                {queue.flaggedSessions.map((f) => (
                  <li key={f.ruptureEventId} className="alert-card">
                    <Link to={`/cases/${encodeURIComponent(f.caseId)}/alerts`}>
                      {t('supervision.caseLink', { reference: f.caseReference })}
                    </Link>{' '}
                    ·{' '}
                    {t('supervision.flaggedItem', {
                      number: f.sessionNumber,
                      name: f.recordedByName,
                      outcome: t(`repairs.outcomes.${f.outcome}`),
                    })}
                    {f.description && (
                      <p className="hint">
                        {t('repairs.whatHappened')}: {f.description}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
