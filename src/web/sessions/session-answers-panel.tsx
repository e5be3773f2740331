import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionAnswerForm, SessionAnswers } from '../../core/api/session-answers.ts';
import { apiGet } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { EndOfCareBadge } from '../case-view/end-of-care-badge.tsx';
import { formatZonedDateTime } from '../case-view/format-zoned-time.ts';

export const fetchSessionAnswers = (sessionId: string) =>
  apiGet<SessionAnswers>(`/api/sessions/${encodeURIComponent(sessionId)}/answers`);

/**
 * What the session's respondents answered, form by form and item by item, in the wording
 * they read; risk items first. Answers and free text are rendered as text, never as markup.
 */
export function SessionAnswersPanel(props: { sessionId: string; timeZone: string }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<SessionAnswers | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchSessionAnswers(props.sessionId)
      .then(setAnswers)
      .catch((e: unknown) => setError(errorMessage(t, e)));
  }, [props.sessionId, t]);

  return (
    <section id="answers" aria-labelledby="answers-heading" className="panel">
      <h2 id="answers-heading">{t('sessionAnswers.title')}</h2>
      {error && <p role="alert">{error}</p>}
      {!error && !answers && <p role="status">{t('app.loading')}</p>}
      {answers && answers.forms.length === 0 && <p>{t('sessionAnswers.none')}</p>}
      {answers && answers.risks.length > 0 && (
        <div className="alert-card" data-severity="urgent" data-testid="answer-risks">
          <h3>{t('sessionAnswers.risksTitle')}</h3>
          <ul className="plain">
            {answers.risks.map((risk) => (
              <li key={`${risk.responseId}-${risk.itemId}`}>
                <strong>{risk.respondentName}</strong> · {risk.instrumentId} ·{' '}
                {t('sessionAnswers.item', { id: risk.itemId })}: {risk.text} —{' '}
                {risk.label ?? t('sessionAnswers.unanswered')}
                {risk.value !== null && ` (${risk.value})`}
              </li>
            ))}
          </ul>
        </div>
      )}
      {answers?.forms.map((form) => (
        <AnswerForm key={form.responseId} form={form} timeZone={props.timeZone} />
      ))}
    </section>
  );
}

function AnswerForm(props: { form: SessionAnswerForm; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const { form } = props;
  const headingId = `answers-${form.responseId}`;
  return (
    <article aria-labelledby={headingId} className="answer-form">
      <h3 id={headingId}>
        <EndOfCareBadge occasion={form.occasion} />
        {form.title} ·{' '}
        {form.respondentKind === 'therapist'
          ? t('sessionAnswers.therapist', { name: form.respondentName })
          : form.respondentName}
      </h3>
      <p className="hint">
        {t('sessionAnswers.submitted', {
          when: formatZonedDateTime(form.submittedAt, props.timeZone, i18n.language),
          version: form.instrumentVersion,
        })}
      </p>
      <ol className="answer-items">
        {form.items.map((item) => (
          <li
            key={item.id}
            data-risk={item.flags.includes('risk') ? 'true' : undefined}
            data-testid={`answer-${form.instrumentId}-${item.id}`}
          >
            <p className="answer-question">{item.text}</p>
            <p className="answer-value">
              {!item.answered ? (
                <em>{t('sessionAnswers.unanswered')}</em>
              ) : item.type === 'text' ? (
                <span className="answer-free-text">{item.freeText}</span>
              ) : (
                <>
                  {item.label} ({item.value})
                </>
              )}
              {item.flags.map((flag) => (
                <span key={flag}>
                  {' '}
                  <span className="badge" data-severity="urgent">
                    {t(`sessionAnswers.flags.${flag === 'risk' ? 'risk' : 'other'}`, { flag })}
                  </span>
                </span>
              ))}
            </p>
          </li>
        ))}
      </ol>
    </article>
  );
}
