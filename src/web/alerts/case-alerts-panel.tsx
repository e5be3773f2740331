import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { FormError } from '../components/form-error.tsx';
import { RecordRepairForm } from '../repairs/record-repair-form.tsx';
import {
  type AlertView,
  type CaseAlerts,
  type CaseAccessLevel,
  acknowledgeAlert,
  explainAlert,
  fetchCaseAlerts,
  resolveAlert,
} from './alert-api.ts';
import { AlertEvidence } from './alert-evidence.tsx';

/**
 * A case's alerts, self-contained so the case view can embed it: severity, the
 * plain-language explanation, the evidence, and (for the case's therapists) acknowledge,
 * resolve and "record a repair". `access` may be given by the host page; otherwise the
 * server's answer decides it.
 */
export function CaseAlertsPanel({
  caseId,
  access: accessFromHost,
}: {
  caseId: string;
  access?: CaseAccessLevel;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [alerts, setAlerts] = useState<AlertView[] | null>(null);
  const [members, setMembers] = useState<CaseAlerts['members']>([]);
  const [mailsToYou, setMailsToYou] = useState<CaseAlerts['mailsToYou']>({});
  const [access, setAccess] = useState<CaseAccessLevel>(accessFromHost ?? 'read');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [repairFor, setRepairFor] = useState<AlertView | null>(null);

  const load = useCallback(async () => {
    try {
      const result = await fetchCaseAlerts(caseId);
      setAlerts(result.alerts);
      setMembers(result.members);
      setMailsToYou(result.mailsToYou);
      setAccess(accessFromHost ?? result.access);
      setError(null);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404 ? t('alerts.notFound') : t('error.generic'),
      );
    }
  }, [caseId, accessFromHost, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setNotice(done);
      await load();
    } catch {
      setError(t('error.generic'));
    }
  };

  const canWrite = access === 'write';
  return (
    <section className="alerts-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('alerts.title')}</h2>
      <FormError message={error} />
      <p role="status" className="notice">
        {notice}
      </p>
      {alerts === null && !error && <p>{t('app.loading')}</p>}
      {alerts?.length === 0 && <p>{t('alerts.none')}</p>}
      {alerts && alerts.length > 0 && (
        <ul className="alert-list">
          {alerts.map((alert) => (
            <li key={alert.id}>
              <AlertCard
                alert={alert}
                about={aboutWhom(alert, members)}
                mailToYou={mailsToYou[alert.id]}
                canWrite={canWrite}
                onAcknowledge={() =>
                  void act(() => acknowledgeAlert(alert.id), t('alerts.acknowledgedNotice'))
                }
                onResolve={(note) =>
                  void act(() => resolveAlert(alert.id, note), t('alerts.resolvedNotice'))
                }
                onRepair={() => setRepairFor(alert)}
              />
            </li>
          ))}
        </ul>
      )}
      {canWrite && repairFor === null && (
        <button type="button" className="secondary" onClick={() => setRepairFor({} as AlertView)}>
          {t('repairs.record')}
        </button>
      )}
      {canWrite && repairFor !== null && (
        <RecordRepairForm
          caseId={caseId}
          {...(repairFor.id && { alertId: repairFor.id, defaultSession: repairFor.session })}
          onRecorded={() => {
            setRepairFor(null);
            setNotice(t('repairs.saved'));
          }}
          onCancel={() => setRepairFor(null)}
        />
      )}
    </section>
  );
}

/**
 * Whom an alert is about, by name, in a couple or a family (one name, or "A and B" for a
 * split); null for an individual case, where there is no one else it could be about.
 */
function aboutWhom(alert: AlertView, members: CaseAlerts['members']): string[] | null {
  if (members.length < 2) return null;
  const names = members.filter((m) => alert.respondentIds.includes(m.clientId)).map((m) => m.name);
  return names.length > 0 ? names : null;
}

function AlertCard({
  alert,
  about,
  mailToYou,
  canWrite,
  onAcknowledge,
  onResolve,
  onRepair,
}: {
  alert: AlertView;
  about: string[] | null;
  mailToYou: CaseAlerts['mailsToYou'][string] | undefined;
  canWrite: boolean;
  onAcknowledge: () => void;
  onResolve: (note: string) => void;
  onRepair: () => void;
}) {
  const { t, i18n } = useTranslation();
  const noteId = useId();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const goodNews = alert.severity === 'info';
  const isRupture = alert.type === 'rupture' || alert.type === 'self-reported-rupture';
  return (
    <article className="alert-card" data-severity={alert.severity} data-status={alert.status}>
      <h3>
        <span className="badge" data-severity={alert.severity}>
          {goodNews ? t('alerts.goodNews') : t(`alerts.severity.${alert.severity}`)}
        </span>{' '}
        {t(`alerts.type.${alert.type}`, { defaultValue: alert.type })}
        {' · '}
        {t('alerts.sessionN', { number: alert.session })}
      </h3>
      {about && (
        <p className="alert-about">
          {t('alerts.about', {
            names: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(about),
          })}
        </p>
      )}
      <p>{explainAlert(t, alert.explanation)}</p>
      {mailToYou?.reason && (
        <p className="hint mail-not-sent" data-testid="alert-mail">
          {t(`alerts.mailNotSent.${mailToYou.reason}`)}
        </p>
      )}
      <p className="hint">
        {alert.status === 'resolved'
          ? alert.resolution === 'staff'
            ? t('alerts.status.resolvedByStaff', { date: alert.resolvedAt?.slice(0, 10) })
            : t(`alerts.status.auto.${alert.resolution ?? 'resolved'}`)
          : t(`alerts.status.${alert.status}`)}
      </p>
      {alert.resolutionNote && (
        <p className="hint">
          {t('alerts.note')}: {alert.resolutionNote}
        </p>
      )}
      <AlertEvidence alert={alert} />
      {canWrite && alert.status !== 'resolved' && (
        <div className="actions">
          {alert.status === 'open' && (
            <button type="button" onClick={onAcknowledge}>
              {t('alerts.acknowledge')}
            </button>
          )}
          {!resolving && (
            <button type="button" onClick={() => setResolving(true)}>
              {t('alerts.resolve')}
            </button>
          )}
          {isRupture && (
            <button type="button" className="secondary" onClick={onRepair}>
              {t('repairs.record')}
            </button>
          )}
        </div>
      )}
      {resolving && (
        <div className="stack">
          <label htmlFor={noteId}>{t('alerts.resolveNote')}</label>
          <textarea
            id={noteId}
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="actions">
            <button type="button" onClick={() => onResolve(note)}>
              {t('alerts.confirmResolve')}
            </button>
            <button type="button" className="secondary" onClick={() => setResolving(false)}>
              {t('repairs.cancel')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}
