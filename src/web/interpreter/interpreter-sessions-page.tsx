import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { formatZonedDateTime, languageName } from '../case-view/format-zoned-time.ts';
import { type InterpreterSession, fetchInterpreterSessions } from './interpreter-api.ts';

/** /interpreter: the sessions the signed-in interpreter is assigned to. */
export function InterpreterSessionsPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1 id="interpreter-heading">{t('interpreterSessions.title')}</h1>
      <InterpreterSessionsView level={2} />
    </>
  );
}

/**
 * The interpreter's sessions, those not yet over first (the server orders them), each
 * opening its practical details: when, where, how, which language, with which therapist.
 * The server gives no client name and nothing clinical, so neither does this view.
 */
export function InterpreterSessionsView({ level }: { level: 2 | 3 }) {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<InterpreterSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchInterpreterSessions()
      .then((r) => setSessions(r.sessions))
      .catch((e: unknown) => setError(errorMessage(t, e)));
  }, [t]);
  const now = new Date().toISOString();
  const upcoming = sessions?.filter((s) => s.endsAt >= now) ?? [];
  const past = sessions?.filter((s) => s.endsAt < now) ?? [];
  const Heading = level === 2 ? 'h2' : 'h3';

  return (
    <>
      <p>{t('interpreterSessions.intro')}</p>
      {error && <p role="alert">{error}</p>}
      {!sessions && !error && <p role="status">{t('app.loading')}</p>}
      {sessions?.length === 0 && <p>{t('interpreterSessions.none')}</p>}
      {sessions && sessions.length > 0 && (
        <>
          <section aria-labelledby="interpreter-upcoming">
            <Heading id="interpreter-upcoming">{t('interpreterSessions.upcoming')}</Heading>
            {upcoming.length === 0 ? (
              <p>{t('interpreterSessions.noneUpcoming')}</p>
            ) : (
              <SessionList sessions={upcoming} />
            )}
          </section>
          {past.length > 0 && (
            <section aria-labelledby="interpreter-past">
              <Heading id="interpreter-past">{t('interpreterSessions.past')}</Heading>
              <SessionList sessions={past} />
            </section>
          )}
        </>
      )}
    </>
  );
}

function SessionList({ sessions }: { sessions: InterpreterSession[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const timeOnly = (iso: string, timeZone: string) =>
    new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(iso));
  return (
    <ul className="interpreter-sessions">
      {sessions.map((s) => (
        <li key={s.id} data-testid="interpreter-session" className="interpreter-session">
          <details>
            <summary>
              <time dateTime={s.startsAt}>
                {formatZonedDateTime(s.startsAt, s.clinicTimeZone, locale)}
              </time>{' '}
              ·{' '}
              {t('interpreterSessions.caseSession', {
                reference: s.caseReference,
                number: s.number,
              })}{' '}
              · {languageName(s.language, locale)}
            </summary>
            <dl className="details-list">
              <dt>{t('interpreterSessions.when')}</dt>
              <dd>
                {t('interpreterSessions.until', { time: timeOnly(s.endsAt, s.clinicTimeZone) })}{' '}
                <span className="hint">({s.clinicTimeZone})</span>
              </dd>
              <dt>{t('interpreterSessions.modality')}</dt>
              <dd>{t(`caseView.modality.${s.modality}`)}</dd>
              <dt>{t('interpreterSessions.where')}</dt>
              <dd>
                {s.modality === 'in-person'
                  ? s.clinicName
                  : t('interpreterSessions.remote', { clinic: s.clinicName })}
              </dd>
              <dt>{t('interpreterSessions.language')}</dt>
              <dd>{languageName(s.language, locale)}</dd>
              <dt>{t('interpreterSessions.therapist')}</dt>
              <dd>{s.therapists.join(', ') || t('interpreterSessions.noTherapist')}</dd>
              <dt>{t('interpreterSessions.attendance')}</dt>
              <dd>{t(`caseView.attendance.${s.attendance}`)}</dd>
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}
