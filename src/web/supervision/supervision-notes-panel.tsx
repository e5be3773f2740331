import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AddSupervisionNoteBody,
  SupervisionNoteView,
  SupervisionNotes,
} from '../../core/api/supervision.ts';
import { ApiError, apiGet, apiPost } from '../api-client.ts';
import { formatZonedDateTime } from '../case-view/format-zoned-time.ts';
import { FormError } from '../components/form-error.tsx';

const notesPath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/supervision-notes`;

/**
 * A case's supervision conversation, self-contained so any case page can embed it: the
 * notes of the supervisor and the case's therapists, oldest first, with who wrote each and
 * when (in the clinic's time zone), and a form to add one. The notes are clinical free
 * text: shown as text, never as HTML.
 */
export function SupervisionNotesPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const fieldId = useId();
  const hintId = useId();
  const [notes, setNotes] = useState<SupervisionNoteView[] | null>(null);
  const [timeZone, setTimeZone] = useState('UTC');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const result = await apiGet<SupervisionNotes>(notesPath(caseId));
      setNotes(result.notes);
      setTimeZone(result.timeZone);
      setLoadError(null);
    } catch (e) {
      setLoadError(
        e instanceof ApiError && e.status === 404
          ? t('supervisionNotes.notFound')
          : t('error.generic'),
      );
    }
  }, [caseId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setStatus(null);
    if (!draft.trim()) {
      setFormError(t('supervisionNotes.empty'));
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await apiPost(notesPath(caseId), { body: draft.trim() } satisfies AddSupervisionNoteBody);
      setDraft('');
      setStatus(t('supervisionNotes.saved'));
      await load();
    } catch (e) {
      setFormError(
        e instanceof ApiError && e.code === 'validation'
          ? t('supervisionNotes.invalid')
          : t('error.generic'),
      );
    } finally {
      setBusy(false);
    }
  };

  if (loadError)
    return (
      <section className="supervision-notes" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('supervisionNotes.title')}</h2>
        <FormError message={loadError} />
      </section>
    );

  return (
    <section className="supervision-notes" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('supervisionNotes.title')}</h2>
      <p className="hint">{t('supervisionNotes.audience', { zone: timeZone })}</p>
      {notes === null && <p>{t('app.loading')}</p>}
      {notes?.length === 0 && <p>{t('supervisionNotes.none')}</p>}
      {notes && notes.length > 0 && (
        <ol className="supervision-note-list">
          {notes.map((note) => (
            <li key={note.id}>
              <article className="supervision-note">
                <p className="hint">
                  {t('supervisionNotes.byline', { name: note.authorName })}{' '}
                  <time dateTime={note.createdAt}>
                    {formatZonedDateTime(note.createdAt, timeZone, i18n.language)}
                  </time>
                </p>
                <p className="supervision-note-body">{note.body}</p>
              </article>
            </li>
          ))}
        </ol>
      )}
      <form className="stack supervision-note-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={fieldId}>{t('supervisionNotes.add')}</label>
        <p id={hintId} className="hint">
          {t('supervisionNotes.addHint')}
        </p>
        <textarea
          id={fieldId}
          rows={4}
          maxLength={8000}
          value={draft}
          aria-describedby={hintId}
          aria-invalid={formError ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
        <FormError message={formError} />
        <p role="status" className="notice">
          {status}
        </p>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('supervisionNotes.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
