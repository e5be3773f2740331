import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { languageName } from '../../case-view/format-zoned-time.ts';
import { LanguageCheckboxes } from '../../components/language-select.tsx';
import { FormError } from '../../components/form-error.tsx';
import {
  type ResearchInterpreter,
  fetchInterpreterRegistry,
  recordBriefing,
  registerInterpreter,
} from './interviews-api.ts';

const today = () => new Date().toISOString().slice(0, 10);
const problem = (t: Parameters<typeof errorMessage>[0], e: unknown) =>
  e instanceof ApiError && e.code === 'validation'
    ? t('interpreters.invalid', { detail: e.issues.map((i) => i.message).join('; ') || e.detail })
    : errorMessage(t, e);

/**
 * /research/interpreters: the organization's interpreters as research sees them (issue 17,
 * item 5) — languages, clinical or psychosocial experience (required), the confidentiality
 * briefing and who gave it; register one, record a briefing. Without a briefing an
 * interpreter cannot be booked for an interview.
 */
export function InterpreterRegistryPage() {
  const { t, i18n } = useTranslation();
  const [interpreters, setInterpreters] = useState<ResearchInterpreter[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchInterpreterRegistry()
      .then((r) => setInterpreters(r.interpreters))
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 403
            ? t('interviews.researchersOnly')
            : errorMessage(t, e),
        ),
      );
  }, []);
  useEffect(load, [load]);

  const register = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const briefedOn = String(form.get('briefedOn') ?? '');
    setFormError(null);
    setStatus(null);
    try {
      const created = await registerInterpreter({
        displayName: String(form.get('displayName') ?? ''),
        languages: form.getAll('languages').map(String),
        clinicalExperience: String(form.get('clinicalExperience') ?? ''),
        briefedOn: briefedOn === '' ? null : briefedOn,
      });
      formElement.reset();
      setStatus(t('interpreters.registered', { name: created.displayName }));
      load();
    } catch (e) {
      setFormError(problem(t, e));
    }
  };

  const brief = async (interpreter: ResearchInterpreter, briefedOn: string) => {
    setStatus(null);
    setFormError(null);
    try {
      await recordBriefing(interpreter.id, briefedOn);
      setStatus(t('interpreters.briefed', { name: interpreter.displayName }));
      load();
    } catch (e) {
      setFormError(problem(t, e));
    }
  };

  if (error)
    return (
      <>
        <h1>{t('interpreters.title')}</h1>
        <p role="alert">{error}</p>
      </>
    );
  if (!interpreters) return <p role="status">{t('app.loading')}</p>;
  const date = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString(i18n.language, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });

  return (
    <>
      <p>
        <Link to="/research">{t('research.back')}</Link>
      </p>
      <h1>{t('interpreters.title')}</h1>
      <p className="hint">{t('interpreters.intro')}</p>
      <p role="status" className="status-line">
        {status}
      </p>
      <FormError message={formError} />

      <section aria-labelledby="interpreter-list" className="panel">
        <h2 id="interpreter-list">{t('interpreters.listHeading')}</h2>
        {interpreters.length === 0 ? (
          <p>{t('interpreters.none')}</p>
        ) : (
          <ul className="stack" data-testid="interpreter-registry">
            {interpreters.map((i) => (
              <li key={i.id} className="panel" data-testid="interpreter">
                <h3 className="typed-heading">{i.displayName}</h3>
                <dl className="facts">
                  <dt>{t('interpreters.languages')}</dt>
                  <dd>{i.languages.map((l) => languageName(l, i18n.language)).join(', ')}</dd>
                  <dt>{t('interpreters.experience')}</dt>
                  <dd className="typed-text">
                    {i.clinicalExperience?.trim() || t('interpreters.noExperience')}
                  </dd>
                  <dt>{t('interpreters.briefing')}</dt>
                  <dd data-testid="briefing">
                    {i.briefedOn
                      ? t('interpreters.briefedOn', {
                          date: date(i.briefedOn),
                          by: i.briefedByName ?? t('interviews.tasks.someone'),
                        })
                      : t('interpreters.notBriefed')}
                  </dd>
                </dl>
                <BriefingForm interpreter={i} onSubmit={(day) => void brief(i, day)} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="interpreter-new" className="panel">
        <h2 id="interpreter-new">{t('interpreters.newHeading')}</h2>
        <form onSubmit={register} className="stack" data-testid="interpreter-form">
          <label>
            <span>{t('interpreters.name')}</span>
            <input name="displayName" required maxLength={200} />
          </label>
          <LanguageCheckboxes name="languages" legend={t('interpreters.languagesInput')} />
          <label>
            <span>{t('interpreters.experienceInput')}</span>
            <textarea name="clinicalExperience" rows={3} required maxLength={2000} />
          </label>
          <label>
            <span>{t('interpreters.briefedOnInput')}</span>
            <input name="briefedOn" type="date" max={today()} />
          </label>
          <button type="submit">{t('interpreters.register')}</button>
        </form>
      </section>
    </>
  );
}

/** Records the briefing as given today (or another day) by the signed-in researcher. */
function BriefingForm(props: {
  interpreter: ResearchInterpreter;
  onSubmit: (day: string) => void;
}) {
  const { t } = useTranslation();
  const [day, setDay] = useState(today());
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(day);
      }}
    >
      <label>
        <span>{t('interpreters.briefingDate', { name: props.interpreter.displayName })}</span>
        <input
          type="date"
          required
          max={today()}
          value={day}
          onChange={(e) => setDay(e.target.value)}
        />
      </label>
      <button type="submit">{t('interpreters.recordBriefing')}</button>
    </form>
  );
}
