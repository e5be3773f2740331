import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { FormError } from '../../components/form-error.tsx';
import { type InterviewTask, recordOutcome } from './interviews-api.ts';

const OUTCOMES = ['completed', 'partial', 'declined'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** How a booked interview went: completed, partial (what was covered, why it stopped), declined. */
export function InterviewOutcomeForm(props: {
  studyId: string;
  task: InterviewTask;
  onRecorded: (task: InterviewTask) => void;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome>('completed');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      props.onRecorded(
        await recordOutcome(
          props.studyId,
          props.task.id,
          outcome === 'partial'
            ? {
                outcome,
                covered: String(form.get('covered') ?? ''),
                stopReason: String(form.get('stopReason') ?? ''),
              }
            : { outcome },
        ),
      );
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'validation'
          ? t('interviews.outcome.invalid')
          : e instanceof ApiError && e.detail
            ? e.detail
            : errorMessage(t, e),
      );
    }
  };

  return (
    <form onSubmit={submit} className="stack" data-testid="outcome-form">
      <fieldset>
        <legend>{t('interviews.outcome.legend')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="check">
            <input
              type="radio"
              name="outcome"
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            <span>{t(`interviews.statuses.${o}`)}</span>
          </label>
        ))}
      </fieldset>
      {outcome === 'partial' && (
        <>
          <label>
            <span>{t('interviews.outcome.covered')}</span>
            <textarea name="covered" rows={3} required />
          </label>
          <label>
            <span>{t('interviews.outcome.stopReason')}</span>
            <textarea name="stopReason" rows={2} required />
          </label>
        </>
      )}
      <button type="submit">{t('interviews.outcome.record')}</button>
      <FormError message={error} />
    </form>
  );
}
