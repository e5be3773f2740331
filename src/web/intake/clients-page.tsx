import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClientResponse } from '../../core/api/clients.ts';
import { ApiError } from '../api-client.ts';
import { AdminForm } from '../admin/admin-form.tsx';
import { languageName } from '../case-view/format-zoned-time.ts';
import { ClinicSelect } from '../components/clinic-select.tsx';
import { LanguageSelect } from '../components/language-select.tsx';
import { useLoad } from '../admin/use-load.ts';
import { createClient, fetchClients, fetchIntakeClinics } from './intake-api.ts';

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const orNull = (value: string) => (value === '' ? null : value);

const loadPage = async () => {
  const [clinics, clients] = await Promise.all([fetchIntakeClinics(), fetchClients()]);
  return { clinics: clinics.clinics, clients: clients.clients };
};

export const clientName = (
  c: Pick<ClientResponse, 'givenName' | 'familyName' | 'preferredName'>,
) =>
  c.preferredName
    ? `${c.givenName} (${c.preferredName}) ${c.familyName}`
    : `${c.givenName} ${c.familyName}`;

/** /clients: the clients of the clinics where one does intake, a search, and a new-client form. */
export function ClientsPage() {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useLoad(loadPage);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ClientResponse[] | null>(null);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const clients = found ?? data?.clients ?? [];
  return (
    <>
      <h1>{t('intake.clients.title')}</h1>
      {error && <p role="alert">{error}</p>}
      <p>
        <Link to="/cases/new">{t('intake.newCase.title')}</Link>
      </p>
      <form
        role="search"
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void fetchClients(search.trim()).then((r) => setFound(r.clients));
        }}
      >
        <label>
          <span>{t('intake.clients.search')}</span>
          <input
            type="search"
            value={search}
            maxLength={120}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="submit">{t('intake.clients.searchSubmit')}</button>
      </form>
      {data && clients.length === 0 && <p>{t('intake.clients.none')}</p>}
      {clients.length > 0 && (
        <ul className="plain-list" aria-label={t('intake.clients.title')}>
          {clients.map((c) => (
            <li key={c.id} data-testid="client-row">
              <Link to={`/clients/${c.id}`}>{clientName(c)}</Link>{' '}
              <span className="hint">
                {c.dateOfBirth ?? c.birthYear ?? ''} ·{' '}
                {languageName(c.preferredLanguage, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {data && data.clinics.length > 0 && (
        <section aria-labelledby="new-client" className="panel">
          <h2 id="new-client">{t('intake.clients.add')}</h2>
          <AdminForm
            submitLabel={t('intake.clients.addSubmit')}
            done={t('intake.clients.added')}
            onSubmit={async (form) => {
              try {
                await createClient({
                  clinicId: field(form, 'clinicId'),
                  givenName: field(form, 'givenName'),
                  familyName: field(form, 'familyName'),
                  preferredName: orNull(field(form, 'preferredName')),
                  dateOfBirth: orNull(field(form, 'dateOfBirth')),
                  email: orNull(field(form, 'email')),
                  mobile: orNull(field(form, 'mobile')),
                  preferredLanguage: field(form, 'preferredLanguage'),
                  ...(form.get('confirmDuplicate') === 'on' && { confirmDuplicate: true }),
                });
              } catch (e) {
                if (e instanceof ApiError && e.duplicateOf) setDuplicateOf(e.duplicateOf);
                throw e;
              }
              setDuplicateOf(null);
              setFound(null);
              reload();
            }}
          >
            <ClinicSelect clinics={data.clinics} name="clinicId" required />
            <label>
              <span>{t('intake.clients.givenName')}</span>
              <input name="givenName" required maxLength={120} autoComplete="off" />
            </label>
            <label>
              <span>{t('intake.clients.familyName')}</span>
              <input name="familyName" required maxLength={120} autoComplete="off" />
            </label>
            <label>
              <span>{t('intake.clients.preferredName')}</span>
              <input name="preferredName" maxLength={120} autoComplete="off" />
            </label>
            <label>
              <span>{t('intake.clients.dateOfBirth')}</span>
              <input name="dateOfBirth" type="date" />
            </label>
            <label>
              <span>{t('intake.clients.email')}</span>
              <input name="email" type="email" maxLength={320} autoComplete="off" />
            </label>
            <label>
              <span>{t('intake.clients.mobile')}</span>
              <input name="mobile" type="tel" maxLength={24} autoComplete="off" />
            </label>
            <label>
              <span>{t('intake.clients.language')}</span>
              <LanguageSelect name="preferredLanguage" defaultValue="en" />
            </label>
            {duplicateOf && (
              <label className="checkbox">
                <input type="checkbox" name="confirmDuplicate" />
                <span>{t('intake.clients.confirmDuplicate')}</span>
              </label>
            )}
          </AdminForm>
        </section>
      )}
    </>
  );
}
