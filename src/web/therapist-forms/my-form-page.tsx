import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { InstrumentForm, answersToSend } from '../questionnaire/instrument-form.tsx';
import type { Answers } from '../../core/api/questionnaire.ts';
import { fetchMyForm, submitMyForm } from './therapist-forms-api.ts';

type View = Awaited<ReturnType<typeof fetchMyForm>>;

/**
 * /forms/:formId: the therapist answers their side of a session with the same forms, the
 * same scoring and the same exactly-once storage as a client; one instrument at a time.
 */
export function MyFormPage() {
  const { t, i18n } = useTranslation();
  const { formId = '' } = useParams();
  const [view, setView] = useState<View | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [busy, setBusy] = useState(false);
  // One id per form while it is being sent, so a retry after a lost reply is stored once.
  const submissionId = useRef<string>(crypto.randomUUID());
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    fetchMyForm(formId)
      .then((v) => {
        setView(v);
        if (v.forms.every((f) => f.answered)) setDone(true);
      })
      .catch((e: unknown) =>
        e instanceof ApiError && e.code === 'not_found'
          ? setDone(true)
          : setError(errorMessage(t, e)),
      );
  }, [formId, t]);
  useEffect(load, [load]);

  const form = view?.forms.find((f) => !f.answered);
  useEffect(() => heading.current?.focus(), [form?.id, done]);

  if (error && !view) return <p role="alert">{error}</p>;
  if (done)
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('therapistForms.thanks')}
        </h1>
        <p>{t('therapistForms.thanksBody')}</p>
        <p>
          <Link to="/forms">{t('therapistForms.backToForms')}</Link>
        </p>
      </>
    );
  if (!view || !form) return <p role="status">{t('app.loading')}</p>;

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const receipt = await submitMyForm(formId, {
        submissionId: submissionId.current,
        instrumentId: form.id,
        answers: answersToSend(form, answers),
      });
      submissionId.current = crypto.randomUUID();
      setAnswers({});
      if (receipt.requestCompleted) setDone(true);
      else load();
    } catch (e) {
      setError(errorMessage(t, e, { validation: t('therapistForms.invalid') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link to="/forms">{t('therapistForms.backToForms')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('therapistForms.formFor', {
          number: view.request.sessionNumber,
          reference: view.request.caseReference,
        })}
      </h1>
      <p className="hint">
        {t('therapistForms.progress', {
          answered: view.progress.answered,
          total: view.progress.total,
        })}
      </p>
      <h2>{form.title}</h2>
      {error && <p role="alert">{error}</p>}
      <InstrumentForm
        key={form.id}
        form={form}
        language={i18n.language.startsWith('es') ? 'es' : 'en'}
        answers={answers}
        onChange={setAnswers}
        onSubmit={() => void send()}
        submitLabel={t('therapistForms.send')}
        disabled={busy}
      />
    </>
  );
}
