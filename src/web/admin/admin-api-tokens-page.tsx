import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiTokenView } from '../../core/api/api-tokens.ts';
import { FormError } from '../components/form-error.tsx';
import { errorMessage } from '../auth/error-message.ts';
import { fetchApiTokens, issueApiToken, revokeApiToken } from './admin-api.ts';
import { AdminForm } from './admin-form.tsx';
import { useLoad } from './use-load.ts';

/** How long a new token may live, in days: a choice, not a number to type. */
const LIFETIMES = [7, 30, 90, 180, 365] as const;

/**
 * /admin/api-tokens: read-only tokens for the FHIR API (docs/fhir.md). A new token is shown
 * once, here, and never again; the list shows who issued each, its clinics and its last use.
 */
export function AdminApiTokensPage() {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useLoad(fetchApiTokens);
  const [secret, setSecret] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const when = (iso: string | null) =>
    iso === null ? t('admin.apiTokens.never') : new Date(iso).toLocaleString(i18n.language);
  return (
    <>
      <h1>{t('admin.apiTokens.title')}</h1>
      <p>{t('admin.apiTokens.intro')}</p>
      {error && <p role="alert">{error}</p>}
      {data && (
        <section aria-labelledby="new-token" className="panel">
          <h2 id="new-token">{t('admin.apiTokens.issue')}</h2>
          <AdminForm
            submitLabel={t('admin.apiTokens.issueSubmit')}
            done={t('admin.apiTokens.issued')}
            onSubmit={async (form) => {
              setSecret(null);
              const issued = await issueApiToken({
                label: String(form.get('label') ?? '').trim(),
                expiresInDays: Number(form.get('expiresInDays')),
              });
              setSecret(issued.secret);
              reload();
            }}
          >
            <label>
              <span>{t('admin.apiTokens.label')}</span>
              <input name="label" required maxLength={100} />
            </label>
            <label>
              <span>{t('admin.apiTokens.lifetime')}</span>
              <select name="expiresInDays" defaultValue="90">
                {LIFETIMES.map((days) => (
                  <option key={days} value={days}>
                    {t('admin.apiTokens.days', { count: days })}
                  </option>
                ))}
              </select>
            </label>
          </AdminForm>
          {secret && (
            <div className="banner-warning" data-testid="new-token">
              <label>
                <span>{t('admin.apiTokens.secret')}</span>
                <input readOnly value={secret} onFocus={(e) => e.currentTarget.select()} />
              </label>
              <p>{t('admin.apiTokens.secretOnce')}</p>
            </div>
          )}
        </section>
      )}
      {data &&
        (data.tokens.length === 0 ? (
          <p role="status">{t('admin.apiTokens.none')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>{t('admin.apiTokens.caption', { count: data.tokens.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.apiTokens.label')}</th>
                  <th scope="col">{t('admin.apiTokens.clinics')}</th>
                  <th scope="col">{t('admin.apiTokens.issuedBy')}</th>
                  <th scope="col">{t('admin.apiTokens.expires')}</th>
                  <th scope="col">{t('admin.apiTokens.lastUsed')}</th>
                  <th scope="col">{t('admin.apiTokens.status')}</th>
                  <th scope="col">
                    <span className="cv-visually-hidden">{t('admin.apiTokens.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.tokens.map((token) => (
                  <TokenRow
                    key={token.id}
                    token={token}
                    when={when}
                    onRevoke={async () => {
                      setRevokeError(null);
                      try {
                        await revokeApiToken(token.id);
                        reload();
                      } catch (e) {
                        setRevokeError(errorMessage(t, e));
                      }
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <FormError message={revokeError} />
    </>
  );
}

function TokenRow(props: {
  token: ApiTokenView;
  when: (iso: string | null) => string;
  onRevoke: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { token } = props;
  return (
    <tr>
      <th scope="row">{token.label}</th>
      <td>{token.clinics.map((c) => c.name).join(', ')}</td>
      <td>
        {token.createdBy}, {props.when(token.createdAt)}
      </td>
      <td>{props.when(token.expiresAt)}</td>
      <td>{props.when(token.lastUsedAt)}</td>
      <td>{t(`admin.apiTokens.statuses.${token.status}`)}</td>
      <td>
        {token.status === 'active' && (
          <button
            type="button"
            aria-label={t('admin.apiTokens.revokeNamed', { label: token.label })}
            onClick={() => void props.onRevoke()}
          >
            {t('admin.apiTokens.revoke')}
          </button>
        )}
      </td>
    </tr>
  );
}
