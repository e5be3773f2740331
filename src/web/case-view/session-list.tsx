import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseViewResponse } from '../../core/api/case-view.ts';
import { EndOfCareBadge } from './end-of-care-badge.tsx';
import { formatZonedDateTime, languageName } from './format-zoned-time.ts';

/**
 * The case's sessions, newest first, with attendance, language, interpreter and forms; each
 * opens its session page. Only the case's therapists (write access) get "New session".
 */
export function SessionList({ view }: { view: CaseViewResponse }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const sessions = [...view.sessions].reverse();
  return (
    <section className="case-section">
      <div className="section-heading">
        <h2 id="sessions-heading">{t('caseView.sessions')}</h2>
        {view.access === 'write' && (
          <Link
            className="button"
            to={`/cases/${encodeURIComponent(view.case.id)}/sessions/new`}
            data-testid="new-session-link"
          >
            {t('caseView.newSession')}
          </Link>
        )}
      </div>
      {sessions.length === 0 ? (
        <p>{t('caseView.noSessions')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="sessions-heading" tabIndex={0}>
          <table className="data-table session-table">
            <thead>
              <tr>
                <th scope="col">{t('caseView.sessionTable.number')}</th>
                <th scope="col">{t('caseView.sessionTable.when', { zone: view.case.timeZone })}</th>
                <th scope="col">{t('caseView.sessionTable.attendance')}</th>
                <th scope="col">{t('caseView.sessionTable.modality')}</th>
                <th scope="col">{t('caseView.sessionTable.language')}</th>
                <th scope="col">{t('caseView.sessionTable.interpreter')}</th>
                <th scope="col">{t('caseView.sessionTable.forms')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} data-testid="session-row" data-attendance={s.attendance}>
                  <th scope="row">
                    <Link to={`/sessions/${encodeURIComponent(s.id)}`}>
                      {t('caseView.sessionLink', { number: s.number })}
                    </Link>
                  </th>
                  <td>
                    <time dateTime={s.startsAt}>
                      {formatZonedDateTime(s.startsAt, view.case.timeZone, locale)}
                    </time>
                  </td>
                  <td>
                    <span className={`attendance attendance-${s.attendance}`}>
                      {t(`caseView.attendance.${s.attendance}`)}
                    </span>
                  </td>
                  <td>{t(`caseView.modality.${s.modality}`)}</td>
                  <td>{languageName(s.language, locale)}</td>
                  <td>{s.interpreterName ?? t('caseView.sessionTable.noInterpreter')}</td>
                  <td>
                    {s.forms.length === 0 ? (
                      t('caseView.sessionTable.noForms')
                    ) : (
                      <ul className="form-list">
                        {s.forms.map((f) => (
                          <li
                            key={`${f.occasion}:${f.respondentKind}:${f.respondentId}`}
                            data-form-state={f.state}
                          >
                            <EndOfCareBadge occasion={f.occasion} />
                            {t('caseView.form', {
                              name: f.respondentName,
                              instruments: f.instruments.join(', '),
                              state: t(`caseView.formState.${f.state}`),
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                    {s.forms.some((f) => f.state === 'completed') && (
                      <Link to={`/sessions/${encodeURIComponent(s.id)}#answers`}>
                        {t('caseView.answersLink', { number: s.number })}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
