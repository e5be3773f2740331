import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SupervisionQueue } from '../../core/api/supervision.ts';
import { explainAlert } from '../alerts/alert-api.ts';
import { apiGet } from '../api-client.ts';
import { type QueueItem, groupSupervisionQueue } from './group-supervision-queue.ts';

/** /supervision: the supervisees' open alerts and flagged sessions, by therapist and case. */
export function SupervisionQueuePage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('supervision.title')}</h1>
      <p>{t('supervision.intro')}</p>
      <SupervisionQueueView level={2} />
    </>
  );
}

/**
 * The queue grouped by therapist and case, most severe and newest first: on the supervision
 * page and on a supervisor's home. `level` is the heading level of the therapists' headings.
 */
export function SupervisionQueueView({ level }: { level: 2 | 3 }) {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<SupervisionQueue | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiGet<SupervisionQueue>('/api/supervision/queue')
      .then(setQueue)
      .catch(() => setError(t('error.generic')));
  }, [t]);

  const TherapistHeading = level === 2 ? 'h2' : 'h3';
  const CaseHeading = level === 2 ? 'h3' : 'h4';
  const groups = queue ? groupSupervisionQueue(queue) : [];
  return (
    <>
      {error && <p role="alert">{error}</p>}
      {!queue && !error && <p role="status">{t('app.loading')}</p>}
      {queue && groups.length === 0 && <p>{t('supervision.empty')}</p>}
      {groups.map((g) => (
        <section
          key={g.therapistId ?? 'none'}
          className="supervision-group"
          aria-label={g.therapistName ?? t('supervision.noTherapist')}
          data-testid="supervision-therapist"
        >
          <TherapistHeading>{g.therapistName ?? t('supervision.noTherapist')}</TherapistHeading>
          {g.cases.map((c) => (
            <div key={c.caseId} className="supervision-case" data-testid="supervision-case">
              <CaseHeading>
                <Link to={`/cases/${encodeURIComponent(c.caseId)}/alerts`}>
                  {t('supervision.caseLink', { reference: c.caseReference })}
                </Link>
                {c.coTherapists.length > 0 && (
                  <span className="hint">
                    {' '}
                    {t('supervision.withCoTherapists', { names: c.coTherapists.join(', ') })}
                  </span>
                )}
              </CaseHeading>
              <ul className="alert-list">
                {c.items.map((item) => (
                  <QueueEntry key={itemKey(item)} item={item} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

const itemKey = (item: QueueItem) =>
  item.kind === 'alert' ? item.alert.alertId : item.flagged.ruptureEventId;

function QueueEntry({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  if (item.kind === 'alert') {
    const a = item.alert;
    return (
      <li className="alert-card" data-severity={a.severity} data-testid="supervision-item">
        <p>
          <span className="badge" data-severity={a.severity}>
            {t(`alerts.severity.${a.severity}`)}
          </span>{' '}
          {t(`alerts.type.${a.type}`, { defaultValue: a.type })} · {t(`alerts.status.${a.status}`)}
        </p>
        <p>{explainAlert(t, a.explanation)}</p>
      </li>
    );
  }
  const f = item.flagged;
  return (
    <li className="alert-card" data-testid="supervision-item">
      <p>
        <span className="badge">{t('supervision.flaggedBadge')}</span>{' '}
        {t('supervision.flaggedItem', {
          number: f.sessionNumber,
          name: f.recordedByName,
          outcome: t(`repairs.outcomes.${f.outcome}`),
        })}
      </p>
      {f.description && (
        <p className="hint">
          {t('repairs.whatHappened')}: {f.description}
        </p>
      )}
    </li>
  );
}
