import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';
import { formatZonedDateTime, languageName } from '../case-view/format-zoned-time.ts';
import {
  ATTENDANCE,
  type Attendance,
  type ReflectionNoteView,
  type SessionView,
  type SessionWarning,
  fetchReflection,
  fetchSession,
  recordAttendance,
  saveReflection,
  updateSession,
} from './session-api.ts';
import { SessionAnswersPanel } from './session-answers-panel.tsx';
import { SessionFieldsForm } from './session-fields-form.tsx';
import { SessionRequestsPanel } from '../therapist-forms/session-requests-panel.tsx';

/**
 * /sessions/:sessionId: the case's therapist edits the session, records attendance and
 * writes a private reflection; a supervisor sees the session and any reflection shared
 * with them.
 */
export function SessionPage() {
  const { t, i18n } = useTranslation();
  const { sessionId = '' } = useParams();
  const location = useLocation();
  const [session, setSession] = useState<SessionView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const arrived = location.state as { created?: boolean; warnings?: SessionWarning[] } | null;
  const [status, setStatus] = useState<string | null>(
    arrived?.created ? t('sessions.created') : null,
  );
  const [warnings, setWarnings] = useState<SessionWarning[]>(arrived?.warnings ?? []);

  const load = useCallback(() => {
    fetchSession(sessionId)
      .then(setSession)
      .catch((e: unknown) =>
        setLoadError(
          e instanceof ApiError && e.code === 'not_found'
            ? t('sessions.notFound')
            : errorMessage(t, e),
        ),
      );
  }, [sessionId, t]);
  useEffect(load, [load]);

  if (loadError)
    return (
      <>
        <h1>{t('sessions.title')}</h1>
        <p role="alert">{loadError}</p>
      </>
    );
  if (!session) return <p role="status">{t('app.loading')}</p>;

  const when = formatZonedDateTime(session.startsAt, session.clinicTimeZone, i18n.language);
  const canWrite = session.access === 'write';
  return (
    <>
      <p>
        <Link to={`/cases/${encodeURIComponent(session.caseId)}`}>
          {t('sessions.backToCase', { reference: session.caseReference })}
        </Link>
      </p>
      <h1>{t('sessions.heading', { number: session.number, reference: session.caseReference })}</h1>
      <p role="status" className="status-line">
        {status}
      </p>
      {warnings.length > 0 && (
        <div className="save-warning" role="alert" data-testid="session-warnings">
          {warnings.map((w) => (
            <p key={`${w.code}-${w.respondent}`}>
              {t(`sessions.warnings.${w.code}.${w.respondent}`, { name: w.interpreterName })}
            </p>
          ))}
        </div>
      )}
      <dl className="facts">
        <dt>{t('sessions.when')}</dt>
        <dd>
          {when} ({session.clinicTimeZone})
        </dd>
        <dt>{t('sessions.attendance')}</dt>
        <dd data-testid="attendance">{t(`sessions.attendances.${session.attendance}`)}</dd>
        <dt>{t('sessions.modality')}</dt>
        <dd>{t(`sessions.modalities.${session.modality}`)}</dd>
        <dt>{t('sessions.language')}</dt>
        <dd>{languageName(session.language, i18n.language)}</dd>
        <dt>{t('sessions.interpreter')}</dt>
        <dd>{session.interpreterName ?? t('sessions.noInterpreter')}</dd>
      </dl>

      {canWrite && (
        <>
          <section aria-labelledby="attendance-heading" className="panel">
            <h2 id="attendance-heading">{t('sessions.attendanceTitle')}</h2>
            <AttendanceForm
              session={session}
              onSaved={(message) => {
                setStatus(message);
                load();
              }}
            />
          </section>
          <section aria-labelledby="edit-heading" className="panel">
            <h2 id="edit-heading">{t('sessions.editTitle')}</h2>
            <SessionFieldsForm
              key={`${session.startsAt}-${session.endsAt}-${session.language}`}
              initial={session}
              timeZone={session.clinicTimeZone}
              submitLabel={t('sessions.save')}
              onSubmit={async (fields) => {
                const { warnings: saved, ...updated } = await updateSession(session.id, fields);
                setSession(updated);
                setWarnings(saved);
                setStatus(t('sessions.saved'));
              }}
            />
          </section>
        </>
      )}
      {session.attendance === 'attended' && (
        <SessionAnswersPanel sessionId={session.id} timeZone={session.clinicTimeZone} />
      )}
      {session.attendance === 'attended' && (
        <SessionRequestsPanel
          key={status ?? ''}
          sessionId={session.id}
          canWrite={canWrite}
          timeZone={session.clinicTimeZone}
        />
      )}
      <ReflectionSection
        sessionId={session.id}
        canWrite={canWrite}
        timeZone={session.clinicTimeZone}
      />
    </>
  );
}

function AttendanceForm(props: { session: SessionView; onSaved: (message: string) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const attendance = String(new FormData(event.currentTarget).get('attendance')) as Attendance;
    setBusy(true);
    setError(null);
    try {
      const result = await recordAttendance(props.session.id, attendance);
      props.onSaved(
        t('sessions.attendanceSaved', {
          created: result.requestsCreated,
          revoked: result.requestsRevoked,
        }),
      );
    } catch (e) {
      setError(errorMessage(t, e, { conflict: t('sessions.notStartedYet') }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="stack">
      <fieldset className="choices">
        <legend>{t('sessions.attendanceLegend')}</legend>
        {ATTENDANCE.map((a) => (
          <label key={a} className="choice">
            <input
              type="radio"
              name="attendance"
              value={a}
              defaultChecked={props.session.attendance === a}
            />
            <span>{t(`sessions.attendances.${a}`)}</span>
          </label>
        ))}
      </fieldset>
      <p className="hint">{t('sessions.attendanceHint')}</p>
      <FormError message={error} />
      <button type="submit" disabled={busy}>
        {t('sessions.saveAttendance')}
      </button>
    </form>
  );
}

function ReflectionSection(props: { sessionId: string; canWrite: boolean; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const [own, setOwn] = useState<ReflectionNoteView | null>(null);
  const [shared, setShared] = useState<ReflectionNoteView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchReflection(props.sessionId)
      .then((r) => {
        setOwn(r.own);
        setShared(r.shared);
      })
      // A supervisor with nothing shared gets 404: there is simply nothing to show.
      .catch(() => undefined)
      .finally(() => setLoaded(true));
  }, [props.sessionId]);

  if (!loaded) return null;
  if (!props.canWrite && shared.length === 0) return null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const saved = await saveReflection(
        props.sessionId,
        String(form.get('body') ?? ''),
        form.get('shared') === 'on',
      );
      setOwn(saved);
      setStatus(t('sessions.reflectionSaved'));
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="reflection-heading" className="panel">
      <h2 id="reflection-heading">{t('sessions.reflectionTitle')}</h2>
      {props.canWrite && (
        <form onSubmit={submit} className="stack">
          <p className="hint" id="reflection-hint">
            {t('sessions.reflectionHint')}
          </p>
          <label>
            <span>{t('sessions.reflectionLabel')}</span>
            <textarea
              name="body"
              rows={6}
              maxLength={20000}
              aria-describedby="reflection-hint"
              defaultValue={own?.body ?? ''}
            />
          </label>
          <label className="choice">
            <input type="checkbox" name="shared" defaultChecked={own?.sharedWithSupervisor} />
            <span>{t('sessions.shareWithSupervisor')}</span>
          </label>
          <FormError message={error} />
          <p role="status">{status}</p>
          <button type="submit" disabled={busy}>
            {t('sessions.saveReflection')}
          </button>
        </form>
      )}
      {shared.length > 0 && (
        <>
          <h3>{t('sessions.sharedReflections')}</h3>
          <ul className="notes">
            {shared.map((n) => (
              <li key={n.id}>
                <p className="note-body">{n.body}</p>
                <p className="hint">
                  {t('sessions.updatedAt', {
                    when: formatZonedDateTime(n.updatedAt, props.timeZone, i18n.language),
                  })}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
