import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { type ReviewQueueItem, fetchReviewQueue } from './interviews-api.ts';

/**
 * /research/:studyId/interviews/review: a senior researcher's queue of held interviews,
 * each with its interviewer's sequence, recordings, reflection and review state.
 */
export function ReviewQueuePage() {
  const { t, i18n } = useTranslation();
  const { studyId = '' } = useParams();
  const [items, setItems] = useState<ReviewQueueItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchReviewQueue(studyId)
      .then((q) => setItems(q.interviews))
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404
            ? t('interviews.none')
            : e instanceof ApiError && e.detail && e.status !== 0
              ? e.detail
              : errorMessage(t, e),
        ),
      );
  }, [studyId]);

  const interviewsPath = `/research/${encodeURIComponent(studyId)}/interviews`;
  return (
    <>
      <p>
        <Link to={interviewsPath}>{t('interview.back')}</Link>
      </p>
      <h1>{t('interview.queue.heading')}</h1>
      {error ? (
        <p role="alert">{error}</p>
      ) : !items ? (
        <p role="status">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('interview.queue.none')}</p>
      ) : (
        <ul className="stack" data-testid="review-queue">
          {items.map((x) => (
            <li key={x.taskId} data-testid="review-queue-item">
              <Link to={`${interviewsPath}/${encodeURIComponent(x.taskId)}`}>
                {t('interview.heading', {
                  pseudonym: x.pseudonym,
                  session: x.sessionNumber,
                  respondent: t(`interviews.respondents.${x.respondent}`),
                })}
              </Link>
              <p className="hint">
                {t('interview.queue.detail', {
                  interviewer: x.interviewerName,
                  sequence: x.interviewerSequence,
                  when: new Date(x.startsAt).toLocaleString(i18n.language),
                  recordings: x.recordings,
                })}{' '}
                {x.hasReflection
                  ? t('interview.queue.hasReflection')
                  : t('interview.queue.noReflection')}{' '}
                {x.debriefedAt
                  ? t('interview.queue.debriefed')
                  : x.reviewedAt
                    ? t('interview.queue.reviewed')
                    : t('interview.queue.toReview')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
