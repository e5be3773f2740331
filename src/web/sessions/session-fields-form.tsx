import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';
import {
  type InterpreterOption,
  type Modality,
  type SessionFields,
  fetchInterpreters,
} from './session-api.ts';
import { ModalityLanguageFields } from './modality-language-fields.tsx';
import { localInputToUtc, utcToLocalInput } from './zoned-input.ts';

/** When, how, in which language and with which interpreter: used to add and to edit a session. */
export function SessionFieldsForm(props: {
  initial: SessionFields;
  timeZone: string;
  submitLabel: string;
  onSubmit: (fields: SessionFields) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [interpreters, setInterpreters] = useState<InterpreterOption[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchInterpreters()
      .then((r) => setInterpreters(r.interpreters))
      .catch(() => setInterpreters([]));
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startsAt = localInputToUtc(String(form.get('startsAt') ?? ''), props.timeZone);
    const endsAt = localInputToUtc(String(form.get('endsAt') ?? ''), props.timeZone);
    if (!startsAt || !endsAt) {
      setError(t('sessions.badTime'));
      return;
    }
    const interpreter = String(form.get('interpreterId') ?? '');
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({
        startsAt,
        endsAt,
        modality: String(form.get('modality')) as Modality,
        language: String(form.get('language') ?? '').trim(),
        interpreterId: interpreter === '' ? null : interpreter,
      });
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'validation'
          ? t('sessions.invalid', { detail: e.issues.map((i) => i.path).join(', ') || e.detail })
          : errorMessage(t, e),
      );
    } finally {
      setBusy(false);
    }
  };

  const { initial, timeZone } = props;
  return (
    <form onSubmit={submit} className="stack session-form">
      <p className="hint" id={`${id}-zone`}>
        {t('sessions.timeZoneHint', { zone: timeZone })}
      </p>
      <label>
        <span>{t('sessions.startsAt')}</span>
        <input
          name="startsAt"
          type="datetime-local"
          required
          aria-describedby={`${id}-zone`}
          defaultValue={utcToLocalInput(initial.startsAt, timeZone)}
        />
      </label>
      <label>
        <span>{t('sessions.endsAt')}</span>
        <input
          name="endsAt"
          type="datetime-local"
          required
          aria-describedby={`${id}-zone`}
          defaultValue={utcToLocalInput(initial.endsAt, timeZone)}
        />
      </label>
      <ModalityLanguageFields
        modality={initial.modality}
        language={initial.language}
        modalityLabel={t('sessions.modality')}
        languageLabel={t('sessions.language')}
      />
      <label>
        <span>{t('sessions.interpreter')}</span>
        <select name="interpreterId" defaultValue={initial.interpreterId ?? ''}>
          <option value="">{t('sessions.noInterpreter')}</option>
          {interpreters.map((i) => (
            <option key={i.id} value={i.id}>
              {i.displayName} ({i.languages.join(', ')})
            </option>
          ))}
          {initial.interpreterId && !interpreters.some((i) => i.id === initial.interpreterId) && (
            <option value={initial.interpreterId}>{t('sessions.currentInterpreter')}</option>
          )}
        </select>
      </label>
      <FormError message={error} />
      <button type="submit" disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
