import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../core/api/audit-vocabulary.ts';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';
import { type AuditEventView, fetchAudit, fetchStaff } from './admin-api.ts';
import { useLoad } from './use-load.ts';

const loadStaff = () => fetchStaff().catch(() => ({ staff: [] }));

/** /admin/audit: who did what to which record, when and with what outcome, newest first. */
export function AdminAuditPage() {
  const { t, i18n } = useTranslation();
  const staff = useLoad(loadStaff);
  const [events, setEvents] = useState<AuditEventView[] | null>(null);
  const [next, setNext] = useState<{ query: URLSearchParams; before: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameOf = (id: string | null) =>
    (id && staff.data?.staff.find((s) => s.id === id)?.displayName) ?? id ?? '—';

  const run = async (query: URLSearchParams, append: boolean) => {
    setError(null);
    try {
      const page = await fetchAudit(query);
      setEvents((old) => (append && old ? [...old, ...page.events] : page.events));
      setNext(page.nextBefore === null ? null : { query, before: page.nextBefore });
    } catch (e) {
      setError(errorMessage(t, e, { forbidden: t('admin.forbidden') }));
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams({ limit: '50' });
    for (const name of ['actorId', 'action', 'entityType', 'outcome']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    // Dates are days in the browser's calendar: from the start of `from` to the end of `to`.
    const from = String(form.get('from') ?? '');
    const to = String(form.get('to') ?? '');
    if (from) query.set('from', new Date(`${from}T00:00:00`).toISOString());
    if (to)
      query.set('to', new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString());
    void run(query, false);
  };

  return (
    <>
      <h1>{t('admin.audit.title')}</h1>
      <form onSubmit={submit} className="filters">
        <label>
          <span>{t('admin.audit.actor')}</span>
          <select name="actorId" defaultValue="">
            <option value="">{t('admin.audit.anyone')}</option>
            {staff.data?.staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.audit.action')}</span>
          <select name="action" defaultValue="">
            <option value="">{t('admin.audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.audit.entity')}</span>
          <select name="entityType" defaultValue="">
            <option value="">{t('admin.audit.anyEntity')}</option>
            {AUDIT_ENTITY_TYPES.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.audit.outcome')}</span>
          <select name="outcome" defaultValue="">
            <option value="">{t('admin.audit.anyOutcome')}</option>
            {(['success', 'denied', 'failed'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`admin.audit.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.audit.from')}</span>
          <input name="from" type="date" />
        </label>
        <label>
          <span>{t('admin.audit.to')}</span>
          <input name="to" type="date" />
        </label>
        <button type="submit">{t('admin.audit.search')}</button>
      </form>
      <FormError message={error} />
      {events &&
        (events.length === 0 ? (
          <p role="status">{t('admin.audit.none')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>{t('admin.audit.caption', { count: events.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.when')}</th>
                  <th scope="col">{t('admin.audit.actor')}</th>
                  <th scope="col">{t('admin.audit.action')}</th>
                  <th scope="col">{t('admin.audit.entity')}</th>
                  <th scope="col">{t('admin.audit.outcome')}</th>
                  <th scope="col">{t('admin.audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>{new Date(e.occurredAt).toLocaleString(i18n.language)}</td>
                    <td>{e.actorType === 'staff' ? nameOf(e.actorId) : e.actorType}</td>
                    <td>{e.action}</td>
                    <td>
                      {e.entityType}
                      {e.entityId && <span className="id"> {e.entityId}</span>}
                    </td>
                    <td>{t(`admin.audit.outcomes.${e.outcome}`, { defaultValue: e.outcome })}</td>
                    <td className="details">
                      {Object.entries(e.details)
                        .map(([k, v]) => `${k}: ${String(v)}`)
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {next && (
        <button
          type="button"
          onClick={() => {
            const query = new URLSearchParams(next.query);
            query.set('before', String(next.before));
            void run(query, true);
          }}
        >
          {t('admin.audit.older')}
        </button>
      )}
    </>
  );
}
