import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { FormError } from '../../components/form-error.tsx';
import {
  type InterviewDetail,
  fetchInterview,
  recordingAudioUrl,
  saveReflection,
  saveReview,
  uploadRecording,
} from './interviews-api.ts';

/**
 * /research/:studyId/interviews/:taskId: one IPR interview (issue 17, items 6 and 7) — its
 * details and history, its recordings (played back, and uploaded with progress), the
 * interviewer's reflection note with its earlier versions, and a senior researcher's review.
 */
export function InterviewPage() {
  const { t, i18n } = useTranslation();
  const { studyId = '', taskId = '' } = useParams();
  const [data, setData] = useState<InterviewDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const refusal = (e: unknown) =>
    e instanceof ApiError && e.detail && e.status !== 0 ? e.detail : errorMessage(t, e);
  const load = useCallback(() => {
    fetchInterview(studyId, taskId)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) =>
        setError(e instanceof ApiError && e.status === 404 ? t('interview.none') : refusal(e)),
      );
  }, [studyId, taskId]);
  useEffect(load, [load]);

  const back = (
    <p>
      <Link to={`/research/${encodeURIComponent(studyId)}/interviews`}>{t('interview.back')}</Link>
    </p>
  );
  if (error)
    return (
      <>
        {back}
        <h1>{t('interview.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!data) return <p role="status">{t('app.loading')}</p>;
  const { task } = data;
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const saved = (message: string) => {
    setStatus(message);
    load();
  };

  return (
    <>
      {back}
      <h1 className="typed-heading">
        {t('interview.heading', {
          pseudonym: task.pseudonym,
          session: task.sessionNumber,
          respondent: t(`interviews.respondents.${task.respondent}`),
        })}
      </h1>
      <p role="status" className="status-line">
        {status}
      </p>
      <section aria-labelledby="interview-details" className="panel">
        <h2 id="interview-details">{t('interview.details')}</h2>
        <dl>
          <dt>{t('interviews.tasks.state')}</dt>
          <dd data-testid="interview-status">{t(`interviews.statuses.${task.status}`)}</dd>
          <dt>{t('interviews.tasks.due')}</dt>
          <dd>
            <time dateTime={task.dueAt}>{task.dueLocal.text}</time>
          </dd>
          {task.booking && (
            <>
              <dt>{t('interviews.tasks.booking')}</dt>
              <dd>{task.booking.startsLocal.text}</dd>
            </>
          )}
          {data.interviewer && (
            <>
              <dt>{t('interview.interviewer')}</dt>
              <dd>{data.interviewer.displayName}</dd>
            </>
          )}
        </dl>
        <h3>{t('interview.history')}</h3>
        <ol>
          {task.history.map((h) => (
            <li key={`${h.at}-${h.status}`}>
              <time dateTime={h.at}>{when(h.at)}</time>: {t(`interviews.statuses.${h.status}`)}
            </li>
          ))}
        </ol>
      </section>
      <RecordingsPanel
        studyId={studyId}
        data={data}
        onUploaded={() => saved(t('interview.recordings.done'))}
      />
      <ReflectionPanel
        studyId={studyId}
        data={data}
        onSaved={() => saved(t('interview.reflection.done'))}
      />
      {data.viewer.mayReview && (
        <ReviewPanel
          studyId={studyId}
          data={data}
          onSaved={() => saved(t('interview.review.done'))}
        />
      )}
    </>
  );
}

interface PanelProps {
  studyId: string;
  data: InterviewDetail;
}

function uploadError(t: (key: string) => string, e: unknown): string {
  return e instanceof ApiError && e.detail && e.status !== 0
    ? e.detail
    : t('interview.recordings.failed');
}

function RecordingsPanel({ studyId, data, onUploaded }: PanelProps & { onUploaded: () => void }) {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const taskId = data.task.id;
  const megabytes = (bytes: number) =>
    (bytes / 1_048_576).toLocaleString(i18n.language, { maximumFractionDigits: 1 });

  const upload = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const file = (form.elements.namedItem('recording') as HTMLInputElement).files?.[0];
    setError(null);
    if (!file) return setError(t('interview.recordings.choose'));
    setProgress({ sent: 0, total: file.size });
    try {
      await uploadRecording(studyId, taskId, file, (sent, total) => setProgress({ sent, total }));
      form.reset();
      onUploaded();
    } catch (e) {
      setError(uploadError(t, e));
    } finally {
      setProgress(null);
    }
  };

  return (
    <section aria-labelledby="interview-recordings" className="panel">
      <h2 id="interview-recordings">{t('interview.recordings.heading')}</h2>
      {data.recordings.length === 0 ? (
        <p>{t('interview.recordings.none')}</p>
      ) : (
        <ul className="stack" data-testid="recordings">
          {data.recordings.map((r, i) => (
            <li key={r.id} data-testid="recording">
              <p>
                {t('interview.recordings.item', {
                  n: i + 1,
                  when: new Date(r.uploadedAt).toLocaleString(i18n.language),
                  size: megabytes(r.sizeBytes),
                })}
              </p>
              <audio
                controls
                preload="metadata"
                src={recordingAudioUrl(studyId, taskId, r.id)}
                aria-label={t('interview.recordings.player', { n: i + 1 })}
              />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={upload} className="stack" data-testid="recording-upload">
        <label>
          <span>{t('interview.recordings.file')}</span>
          <input type="file" name="recording" accept="audio/*" onChange={() => setError(null)} />
        </label>
        <p className="hint">
          {t('interview.recordings.limit', { size: megabytes(data.maxRecordingBytes) })}
        </p>
        {progress && (
          <label>
            <span>{t('interview.recordings.progress')}</span>
            <progress value={progress.sent} max={progress.total || 1} />
          </label>
        )}
        <button type="submit" disabled={progress !== null}>
          {t('interview.recordings.upload')}
        </button>
        <FormError message={error} />
      </form>
    </section>
  );
}

function ReflectionPanel({ studyId, data, onSaved }: PanelProps & { onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const note = data.reflection;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get('body') ?? '');
    setError(null);
    try {
      await saveReflection(studyId, data.task.id, body);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError && e.detail ? e.detail : errorMessage(t, e));
    }
  };

  return (
    <section aria-labelledby="interview-reflection" className="panel">
      <h2 id="interview-reflection">{t('interview.reflection.heading')}</h2>
      {data.viewer.mayWriteReflection ? (
        <form onSubmit={submit} className="stack" data-testid="reflection-form">
          <label>
            <span>{t('interview.reflection.body')}</span>
            <textarea
              name="body"
              rows={6}
              required
              defaultValue={note?.body ?? ''}
              key={note?.savedAt}
            />
          </label>
          <button type="submit">{t('interview.reflection.save')}</button>
          <FormError message={error} />
        </form>
      ) : note ? (
        <p className="typed-text" data-testid="reflection-body">
          {note.body}
        </p>
      ) : (
        <p>{t('interview.reflection.none')}</p>
      )}
      {note && (
        <p className="hint">
          {t('interview.reflection.saved', {
            author: note.authorName,
            when: new Date(note.savedAt).toLocaleString(i18n.language),
          })}
        </p>
      )}
      {note && note.history.length > 0 && (
        <details data-testid="reflection-history">
          <summary>{t('interview.reflection.earlier', { count: note.history.length })}</summary>
          <ol>
            {note.history.map((v) => (
              <li key={v.savedAt}>
                <time dateTime={v.savedAt}>
                  {new Date(v.savedAt).toLocaleString(i18n.language)}
                </time>
                <p className="typed-text">{v.body}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

function ReviewPanel({ studyId, data, onSaved }: PanelProps & { onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const review = data.review;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      await saveReview(studyId, data.task.id, {
        feedback: String(form.get('feedback') ?? ''),
        reviewed: form.get('reviewed') === 'on',
        debriefed: form.get('debriefed') === 'on',
      });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError && e.detail ? e.detail : errorMessage(t, e));
    }
  };

  return (
    <section aria-labelledby="interview-review" className="panel">
      <h2 id="interview-review">{t('interview.review.heading')}</h2>
      <form
        onSubmit={submit}
        className="stack"
        data-testid="review-form"
        key={review?.updatedAt ?? 'none'}
      >
        <label>
          <span>{t('interview.review.feedback')}</span>
          <textarea name="feedback" rows={4} defaultValue={review?.feedback ?? ''} />
        </label>
        <label className="check">
          <input type="checkbox" name="reviewed" defaultChecked={!!review?.reviewedAt} />
          <span>{t('interview.review.reviewed')}</span>
        </label>
        <label className="check">
          <input type="checkbox" name="debriefed" defaultChecked={!!review?.debriefedAt} />
          <span>{t('interview.review.debriefed')}</span>
        </label>
        <button type="submit">{t('interview.review.save')}</button>
        <FormError message={error} />
      </form>
      {review?.reviewedAt && (
        <p className="hint" data-testid="review-state">
          {t('interview.review.reviewedAt', {
            when: new Date(review.reviewedAt).toLocaleString(i18n.language),
          })}
          {review.debriefedAt &&
            ` ${t('interview.review.debriefedAt', {
              when: new Date(review.debriefedAt).toLocaleString(i18n.language),
            })}`}
        </p>
      )}
    </section>
  );
}
