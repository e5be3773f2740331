import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Modality } from '../../../core/sessions/session-vocabulary.ts';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { FormError } from '../../components/form-error.tsx';
import { ModalityLanguageFields } from '../../sessions/modality-language-fields.tsx';
import { localInputToUtc, utcToLocalInput } from '../../sessions/zoned-input.ts';
import {
  type InterviewTask,
  type ResearchInterpreter,
  bookTask,
  fetchEligibleInterpreters,
} from './interviews-api.ts';

/**
 * Books (or rebooks) one task: interviewer from the study team, a start in the clinic's
 * zone, modality, language and an interpreter from the eligible ones the server lists. A
 * refusal (after the deadline, an overlapping slot, an interpreter who may not interpret
 * it) is the server's sentence, shown beside the form.
 */
export function InterviewBookingForm(props: {
  studyId: string;
  task: InterviewTask;
  team: { staffUserId: string; displayName: string }[];
  onBooked: (task: InterviewTask) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { task } = props;
  const [interpreters, setInterpreters] = useState<ResearchInterpreter[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchEligibleInterpreters(props.studyId, task.id)
      .then((r) => setInterpreters(r.interpreters))
      .catch((e: unknown) => {
        setInterpreters([]);
        setError(errorMessage(t, e));
      });
  }, [props.studyId, task.id]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startsAt = localInputToUtc(String(form.get('startsAt') ?? ''), task.timeZone);
    if (!startsAt) {
      setError(t('interviews.booking.badTime'));
      return;
    }
    const interpreter = String(form.get('interpreterId') ?? '');
    setBusy(true);
    setError(null);
    try {
      props.onBooked(
        await bookTask(props.studyId, task.id, {
          interviewerId: String(form.get('interviewerId')),
          startsAt,
          durationMinutes: Number(form.get('durationMinutes')),
          modality: String(form.get('modality')) as Modality,
          language: String(form.get('language') ?? '').trim(),
          interpreterId: interpreter === '' ? null : interpreter,
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError && e.detail ? e.detail : errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  const b = task.booking;
  return (
    <form onSubmit={submit} className="stack" data-testid="booking-form" aria-busy={busy}>
      <p className="hint" id={`${id}-zone`}>
        {t('interviews.booking.zoneHint', { due: task.dueLocal.text, zone: task.timeZone })}
      </p>
      <label>
        <span>{t('interviews.booking.interviewer')}</span>
        <select name="interviewerId" required defaultValue={b?.interviewerId ?? ''}>
          <option value="" disabled>
            {t('interviews.booking.choose')}
          </option>
          {props.team.map((m) => (
            <option key={m.staffUserId} value={m.staffUserId}>
              {m.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('interviews.booking.startsAt')}</span>
        <input
          name="startsAt"
          type="datetime-local"
          required
          aria-describedby={`${id}-zone`}
          defaultValue={b ? utcToLocalInput(b.startsAt, task.timeZone) : ''}
        />
      </label>
      <label>
        <span>{t('interviews.booking.duration')}</span>
        <input
          name="durationMinutes"
          type="number"
          min={10}
          max={240}
          required
          defaultValue={
            b ? Math.round((Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000) : 60
          }
        />
      </label>
      <ModalityLanguageFields
        modality={b?.modality ?? 'in-person'}
        language={b?.language ?? ''}
        modalityLabel={t('interviews.booking.modality')}
        languageLabel={t('interviews.booking.language')}
      />
      <label>
        <span>{t('interviews.booking.interpreter')}</span>
        <select
          name="interpreterId"
          defaultValue={b?.interpreterId ?? ''}
          aria-describedby={`${id}-interpreters`}
        >
          <option value="">{t('interviews.booking.noInterpreter')}</option>
          {(interpreters ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.displayName} ({i.languages.join(', ')})
            </option>
          ))}
        </select>
      </label>
      <p className="hint" id={`${id}-interpreters`}>
        {t('interviews.booking.eligibleHint')}
      </p>
      <button type="submit" disabled={busy || interpreters === null}>
        {b ? t('interviews.booking.rebook') : t('interviews.booking.book')}
      </button>
      <FormError message={error} />
    </form>
  );
}
