import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api-client.ts';
import { errorMessage } from '../../auth/error-message.ts';
import { FormError } from '../../components/form-error.tsx';
import { type ProtocolVersion, publishProtocolVersion } from './interviews-api.ts';

interface DraftQuestion {
  key: number;
  question: string;
  /** One probe per line. */
  probes: string;
}

let nextKey = 1;
const draftOf = (v: ProtocolVersion | undefined): DraftQuestion[] =>
  (v?.questions ?? [{ question: '', probes: [] }]).map((q) => ({
    key: nextKey++,
    question: q.question,
    probes: q.probes.join('\n'),
  }));

/**
 * The interview protocol: main questions with their probes. Publishing makes the next
 * version; an interview keeps the version it was booked with (issue 17, item 1).
 */
export function InterviewProtocolPanel(props: {
  studyId: string;
  versions: ProtocolVersion[];
  onPublished: () => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const latest = props.versions[0];
  const [draft, setDraft] = useState<DraftQuestion[]>(() => draftOf(latest));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const change = (key: number, field: 'question' | 'probes', value: string) =>
    setDraft((d) => d.map((q) => (q.key === key ? { ...q, [field]: value } : q)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      const published = await publishProtocolVersion(props.studyId, {
        questions: draft.map((q) => ({
          question: q.question,
          probes: q.probes
            .split('\n')
            .map((p) => p.trim())
            .filter((p) => p !== ''),
        })),
      });
      setStatus(t('interviews.protocol.published', { version: published.version }));
      props.onPublished();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'validation'
          ? t('interviews.protocol.invalid')
          : errorMessage(t, e),
      );
    }
  };

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('interviews.protocol.heading')}</h2>
      <p className="hint" data-testid="protocol-current">
        {latest
          ? t('interviews.protocol.current', {
              version: latest.version,
              date: new Date(latest.createdAt).toLocaleDateString(i18n.language),
            })
          : t('interviews.protocol.none')}
      </p>
      <p className="hint">{t('interviews.protocol.hint')}</p>
      <form onSubmit={submit} className="stack" data-testid="protocol-form">
        {draft.map((q, i) => (
          <fieldset key={q.key}>
            <legend>{t('interviews.protocol.questionN', { n: i + 1 })}</legend>
            <label>
              <span>{t('interviews.protocol.question')}</span>
              <textarea
                name={`question-${i}`}
                rows={2}
                required
                value={q.question}
                onChange={(e) => change(q.key, 'question', e.target.value)}
              />
            </label>
            <label>
              <span>{t('interviews.protocol.probes')}</span>
              <textarea
                name={`probes-${i}`}
                rows={3}
                value={q.probes}
                onChange={(e) => change(q.key, 'probes', e.target.value)}
              />
            </label>
            {draft.length > 1 && (
              <button
                type="button"
                onClick={() => setDraft((d) => d.filter((x) => x.key !== q.key))}
              >
                {t('interviews.protocol.remove', { n: i + 1 })}
              </button>
            )}
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => setDraft((d) => [...d, { key: nextKey++, question: '', probes: '' }])}
        >
          {t('interviews.protocol.add')}
        </button>
        <button type="submit">{t('interviews.protocol.publish')}</button>
        <FormError message={error} />
        <p role="status">{status}</p>
      </form>
      {props.versions.length > 0 && (
        <details>
          <summary>{t('interviews.protocol.history')}</summary>
          {props.versions.map((v) => (
            <div key={v.id} data-testid="protocol-version">
              <h3>
                {t('interviews.protocol.versionN', {
                  version: v.version,
                  date: new Date(v.createdAt).toLocaleDateString(i18n.language),
                })}
              </h3>
              <ol>
                {v.questions.map((q, i) => (
                  <li key={i}>
                    {q.question}
                    {q.probes.length > 0 && (
                      <ul>
                        {q.probes.map((p, j) => (
                          <li key={j}>{p}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
