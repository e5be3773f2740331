import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INTERVIEW_RESPONDENTS } from '../../../core/research/interview-vocabulary.ts';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { FormError } from '../../components/form-error.tsx';
import { type InterviewSchedule, saveSchedule } from './interviews-api.ts';

/** Which sessions trigger an interview, for whom, within how many hours (issue 17, item 1). */
export function InterviewSchedulePanel(props: {
  studyId: string;
  schedule: InterviewSchedule;
  onSaved: (schedule: InterviewSchedule) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { schedule } = props;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const sessions = String(form.get('sessions') ?? '')
      .split(/[\s,;]+/)
      .filter((x) => x !== '');
    if (sessions.some((x) => !/^\d+$/.test(x))) {
      setError(t('interviews.schedule.badSessions'));
      return;
    }
    setError(null);
    setStatus(null);
    try {
      const saved = await saveSchedule(props.studyId, {
        sessionNumbers: sessions.map(Number),
        respondents: INTERVIEW_RESPONDENTS.filter((r) => form.get(`respondent-${r}`) === 'on'),
        windowHours: Number(form.get('windowHours')),
      });
      setStatus(t('interviews.schedule.saved'));
      props.onSaved(saved);
    } catch (e) {
      setError(e instanceof ApiError && e.detail ? e.detail : errorMessage(t, e));
    }
  };

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('interviews.schedule.heading')}</h2>
      <p className="hint">
        {schedule.configured ? t('interviews.schedule.hint') : t('interviews.schedule.unset')}
      </p>
      <form onSubmit={submit} className="stack" data-testid="schedule-form">
        <label>
          <span>{t('interviews.schedule.sessions')}</span>
          <input
            name="sessions"
            defaultValue={schedule.sessionNumbers.join(', ')}
            aria-describedby={`${id}-sessions`}
            inputMode="numeric"
          />
        </label>
        <p className="hint" id={`${id}-sessions`}>
          {t('interviews.schedule.sessionsHint')}
        </p>
        <fieldset>
          <legend>{t('interviews.schedule.respondents')}</legend>
          {INTERVIEW_RESPONDENTS.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                name={`respondent-${r}`}
                defaultChecked={schedule.respondents.includes(r)}
              />
              <span>{t(`interviews.respondents.${r}`)}</span>
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t('interviews.schedule.window')}</span>
          <input
            name="windowHours"
            type="number"
            min={1}
            max={336}
            required
            defaultValue={schedule.windowHours}
          />
        </label>
        <button type="submit">{t('interviews.schedule.save')}</button>
        <FormError message={error} />
        <p role="status">{status}</p>
      </form>
    </section>
  );
}
