import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLoad } from '../admin/use-load.ts';
import { fetchCaseRecords } from './intake-api.ts';

const loadClosed = () => fetchCaseRecords('closed');

/** /case-records: closed cases one manages or worked on, searchable by reference or name. */
export function ClosedCasesPage() {
  const { t } = useTranslation();
  const { data, error } = useLoad(loadClosed);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<typeof data | null>(null);
  const cases = (found ?? data)?.cases;
  return (
    <>
      <h1>{t('intake.closed.title')}</h1>
      {error && <p role="alert">{error}</p>}
      <form
        role="search"
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void fetchCaseRecords('closed', search.trim()).then(setFound);
        }}
      >
        <label>
          <span>{t('intake.closed.search')}</span>
          <input
            type="search"
            value={search}
            maxLength={120}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="submit">{t('intake.clients.searchSubmit')}</button>
      </form>
      {cases && cases.length === 0 && <p>{t('intake.closed.none')}</p>}
      {cases && cases.length > 0 && (
        <ul className="plain-list" aria-label={t('intake.closed.title')}>
          {cases.map((c) => (
            <li key={c.id} data-testid="closed-case">
              <Link to={`/case-records/${c.id}`}>{c.reference}</Link>{' '}
              <span>{c.members.map((m) => m.displayName).join(', ')}</span>{' '}
              <span className="hint">
                {t(`intake.closedReasons.${c.closedReason ?? 'other'}`)} ·{' '}
                {c.closedAt?.slice(0, 10)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
