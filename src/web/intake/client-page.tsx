import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ClientChangesInput } from '../../core/api/clients.ts';
import { ApiError } from '../api-client.ts';
import { AdminForm } from '../admin/admin-form.tsx';
import { LanguageSelect } from '../components/language-select.tsx';
import { useLoad } from '../admin/use-load.ts';
import { clientName } from './clients-page.tsx';
import { changeClient, fetchClient } from './intake-api.ts';

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const orNull = (value: string) => (value === '' ? null : value);

/** /clients/:clientId: a client's record, its edit form, and who changed which fields when. */
export function ClientPage() {
  const { t } = useTranslation();
  const { clientId = '' } = useParams();
  const [load] = useState(() => () => fetchClient(clientId));
  const { data, error, reload } = useLoad(load);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const { client, history } = data;
  return (
    <>
      <p>
        <Link to="/clients">{t('intake.clients.title')}</Link>
      </p>
      <h1>{clientName(client)}</h1>
      <AdminForm
        submitLabel={t('intake.client.save')}
        onSubmit={async (form) => {
          const changes: ClientChangesInput = {
            givenName: field(form, 'givenName'),
            familyName: field(form, 'familyName'),
            preferredName: orNull(field(form, 'preferredName')),
            dateOfBirth: orNull(field(form, 'dateOfBirth')),
            email: orNull(field(form, 'email')),
            mobile: orNull(field(form, 'mobile')),
            preferredLanguage: field(form, 'preferredLanguage'),
            ...(form.get('confirmDuplicate') === 'on' && { confirmDuplicate: true }),
          };
          try {
            await changeClient(client.id, changes);
          } catch (e) {
            if (e instanceof ApiError && e.duplicateOf) setDuplicateOf(e.duplicateOf);
            throw e;
          }
          setDuplicateOf(null);
          reload();
        }}
      >
        <label>
          <span>{t('intake.clients.givenName')}</span>
          <input name="givenName" required maxLength={120} defaultValue={client.givenName} />
        </label>
        <label>
          <span>{t('intake.clients.familyName')}</span>
          <input name="familyName" required maxLength={120} defaultValue={client.familyName} />
        </label>
        <label>
          <span>{t('intake.clients.preferredName')}</span>
          <input name="preferredName" maxLength={120} defaultValue={client.preferredName ?? ''} />
        </label>
        <label>
          <span>{t('intake.clients.dateOfBirth')}</span>
          <input name="dateOfBirth" type="date" defaultValue={client.dateOfBirth ?? ''} />
        </label>
        <label>
          <span>{t('intake.clients.email')}</span>
          <input name="email" type="email" maxLength={320} defaultValue={client.email ?? ''} />
        </label>
        <label>
          <span>{t('intake.clients.mobile')}</span>
          <input name="mobile" type="tel" maxLength={24} defaultValue={client.mobile ?? ''} />
        </label>
        <label>
          <span>{t('intake.clients.language')}</span>
          <LanguageSelect name="preferredLanguage" defaultValue={client.preferredLanguage} />
        </label>
        {duplicateOf && (
          <label className="checkbox">
            <input type="checkbox" name="confirmDuplicate" />
            <span>{t('intake.clients.confirmDuplicate')}</span>
          </label>
        )}
      </AdminForm>
      <section aria-labelledby="client-history" className="panel">
        <h2 id="client-history">{t('intake.client.history')}</h2>
        <ul className="plain-list">
          {history.map((h, i) => (
            <li key={i} data-testid="client-history">
              {h.occurredAt.slice(0, 16).replace('T', ' ')} ·{' '}
              {h.action === 'client.create'
                ? t('intake.client.created')
                : t('intake.client.changed', { fields: h.fields.join(', ') })}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
