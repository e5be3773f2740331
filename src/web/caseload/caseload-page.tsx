import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseloadEntry, CaseloadResponse } from '../../core/api/caseload.ts';
import { ApiError, apiGet } from '../api-client.ts';
import { formatNumber, formatZonedDateTime } from '../case-view/format-zoned-time.ts';
import { Sparkline } from './sparkline.tsx';
import {
  type CaseloadSortKey,
  type SortDirection,
  filterCaseload,
  sortCaseload,
} from './sort-caseload.ts';

const SORTABLE: CaseloadSortKey[] = [
  'attention',
  'client',
  'type',
  'sessions',
  'alliance',
  'forms',
  'alerts',
  'next',
];

/**
 * The therapist's caseload: one row per active case, sortable by column and searchable by
 * client name or reference. Supervisors see their supervisees' cases marked read-only.
 * `heading` lets the staff home page show it under its own welcome heading.
 */
export function CaseloadPage({ heading }: { heading?: string }) {
  const { t, i18n } = useTranslation();
  const [cases, setCases] = useState<CaseloadEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  // What needs attention before the next session comes first (issue 6).
  const [sort, setSort] = useState<{ key: CaseloadSortKey; direction: SortDirection }>({
    key: 'attention',
    direction: 'ascending',
  });
  const searchId = useId();

  useEffect(() => {
    let live = true;
    apiGet<CaseloadResponse>('/api/caseload')
      .then((body) => live && setCases(body.cases))
      .catch((e: unknown) => live && setFailed(e instanceof ApiError || e instanceof Error));
    return () => {
      live = false;
    };
  }, []);

  const shown = useMemo(
    () => sortCaseload(filterCaseload(cases ?? [], query), sort.key, sort.direction, i18n.language),
    [cases, query, sort, i18n.language],
  );

  const sortBy = (key: CaseloadSortKey) =>
    setSort((s) => ({
      key,
      direction: s.key === key && s.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  const header = (key: CaseloadSortKey | 'trend') => {
    const label = t(`caseload.columns.${key}`);
    if (!SORTABLE.includes(key as CaseloadSortKey))
      return (
        <th scope="col" key={key}>
          {label}
        </th>
      );
    const active = sort.key === key;
    return (
      <th scope="col" key={key} aria-sort={active ? sort.direction : undefined}>
        <button
          type="button"
          className="sort-button"
          onClick={() => sortBy(key as CaseloadSortKey)}
          data-sort={key}
        >
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <section className="caseload" aria-labelledby="caseload-heading">
      <h1 id="caseload-heading">{heading ?? t('caseload.title')}</h1>
      <p>{t('caseload.intro')}</p>
      {failed && (
        <p role="alert" className="form-error">
          {t('caseload.loadFailed')}
        </p>
      )}
      {!cases && !failed && (
        <p role="status" className="loading">
          {t('app.loading')}
        </p>
      )}
      {cases && cases.length === 0 && <p>{t('caseload.empty')}</p>}
      {cases && cases.length > 0 && (
        <>
          <div className="field caseload-search">
            <label htmlFor={searchId}>{t('caseload.search')}</label>
            <input
              id={searchId}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
            />
          </div>
          <p role="status" aria-live="polite" data-testid="caseload-count">
            {shown.length === 0
              ? t('caseload.noMatch')
              : t('caseload.shown', { count: shown.length })}
          </p>
          <div
            className="table-scroll"
            role="region"
            aria-label={t('caseload.scrollRegion')}
            tabIndex={0}
          >
            <table className="data-table caseload-table">
              <caption className="cv-visually-hidden">{t('caseload.caption')}</caption>
              <thead>
                <tr>
                  {(
                    [
                      // What a therapist needs between two sessions first, so a phone shows
                      // it without scrolling; the rest scrolls sideways.
                      'client',
                      'attention',
                      'next',
                      'alliance',
                      'alerts',
                      'forms',
                      'trend',
                      'sessions',
                      'type',
                    ] as const
                  ).map(header)}
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.id} data-testid="caseload-row" data-case-id={c.id}>
                    <th scope="row">
                      <Link to={`/cases/${c.id}`}>
                        {c.members.map((m) => m.displayName).join(', ') || c.reference}
                      </Link>
                      <span className="muted reference">{c.reference}</span>
                      {c.access === 'read' && (
                        <span className="read-only-badge" data-testid="read-only-badge">
                          {t('caseload.readOnly')}
                        </span>
                      )}
                    </th>
                    <td>
                      <span data-testid="attention" data-attention={c.attention}>
                        {c.attention === 'none' ? (
                          t('caseload.none')
                        ) : (
                          <span className={`attention attention-${c.attention}`}>
                            {t(`caseload.attention.${c.attention}`)}
                          </span>
                        )}
                      </span>
                      {c.nextSession && (
                        // Repeated from its column so a phone shows it beside what needs attention.
                        <span className="muted reference" data-testid="attention-next">
                          {t('caseload.nextShort', {
                            when: formatZonedDateTime(
                              c.nextSession.startsAt,
                              c.timeZone,
                              i18n.language,
                            ),
                          })}
                        </span>
                      )}
                    </td>
                    <td>
                      {c.nextSession
                        ? formatZonedDateTime(c.nextSession.startsAt, c.timeZone, i18n.language)
                        : t('caseload.none')}
                    </td>
                    <td>{allianceCell(c)}</td>
                    <td className="number" data-testid="open-alerts">
                      {c.openAlerts === 0 ? (
                        0
                      ) : (
                        <Link to={`/cases/${c.id}/alerts`}>
                          {c.openAlerts}
                          {c.urgentAlerts > 0 &&
                            ` (${t('caseload.urgent', { count: c.urgentAlerts })})`}
                        </Link>
                      )}
                    </td>
                    <td className="number">{c.outstandingForms}</td>
                    <td>
                      <Sparkline points={c.allianceTrend} />
                    </td>
                    <td className="number">{c.attendedSessions}</td>
                    <td>{t(`caseType.${c.type}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );

  function allianceCell(entry: CaseloadEntry) {
    const many = entry.members.length > 1;
    const client =
      entry.clientAlliance.length === 0
        ? t('caseload.none')
        : entry.clientAlliance
            .map((a) =>
              many
                ? `${a.displayName.split(' ')[0]} ${formatNumber(a.value, i18n.language)}`
                : formatNumber(a.value, i18n.language),
            )
            .join(', ');
    const therapist =
      entry.therapistAlliance.length === 0
        ? t('caseload.none')
        : entry.therapistAlliance.map((a) => formatNumber(a.value, i18n.language)).join(', ');
    return (
      <span data-testid="latest-alliance">
        {client}
        <span className="muted">
          {' · '}
          {t('caseload.therapistSide')} {therapist}
        </span>
      </span>
    );
  }
}
