import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { errorMessage } from '../auth/error-message.ts';
import { FormError } from '../components/form-error.tsx';
import { LanguageSelect } from '../components/language-select.tsx';
import { MarkdownText } from '../components/markdown-text.tsx';
import {
  type ConsentVersionView,
  changeConsentVersion,
  createConsentVersion,
} from './research-api.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A study's consent versions: each can be shown as the participant will read it; one that
 * nobody has signed can be edited; a new version gets the next number in its language.
 * The preview renders the text as the consent page will (MarkdownText: no HTML).
 */
export function ConsentVersionsPanel(props: {
  studyId: string;
  versions: ConsentVersionView[];
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  const [editing, setEditing] = useState<ConsentVersionView | null>(null);
  const [language, setLanguage] = useState('en');
  const [text, setText] = useState('');
  const [statements, setStatements] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const startEdit = (v: ConsentVersionView) => {
    setEditing(v);
    setLanguage(v.language);
    setText(v.informationText);
    setStatements(v.statements.join('\n'));
    setEffectiveFrom(v.effectiveFrom);
    setError(null);
    setStatus(null);
  };
  const stopEdit = () => {
    setEditing(null);
    setText('');
    setStatements('');
    setEffectiveFrom(today());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    const fields = {
      informationText: text,
      statements: statements
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      effectiveFrom,
    };
    try {
      if (editing) await changeConsentVersion(props.studyId, editing.id, fields);
      else await createConsentVersion(props.studyId, { language, ...fields });
      setStatus(editing ? t('research.form.saved') : t('research.consent.created'));
      stopEdit();
      props.onChange();
    } catch (e) {
      setError(
        e instanceof ApiError && (e.code === 'validation' || e.code === 'conflict')
          ? [e.detail, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join(' ')
          : errorMessage(t, e),
      );
    } finally {
      setBusy(false);
    }
  };
  const shownVersion = props.versions.find((v) => v.id === shown);

  return (
    <section aria-labelledby="consent-versions" className="panel">
      <h2 id="consent-versions">{t('research.consent.heading')}</h2>
      {props.versions.length === 0 ? (
        <p>{t('research.consent.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t('research.consent.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('research.consent.language')}</th>
                <th scope="col">{t('research.consent.version')}</th>
                <th scope="col">{t('research.consent.effectiveFrom')}</th>
                <th scope="col">{t('research.consent.signatures')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {props.versions.map((v) => {
                const names = { version: v.version, language: v.language };
                return (
                  <tr key={v.id} data-testid="consent-version-row">
                    <td>{v.language}</td>
                    <th scope="row">{v.version}</th>
                    <td>{v.effectiveFrom}</td>
                    <td>
                      {v.signatures.toLocaleString(i18n.language)}
                      {v.signatures > 0 && ` (${t('research.consent.signed')})`}
                    </td>
                    <td className="actions">
                      <button type="button" onClick={() => setShown(v.id)}>
                        {t('research.consent.preview', names)}
                      </button>
                      {v.signatures === 0 && (
                        <button type="button" onClick={() => startEdit(v)}>
                          {t('research.consent.edit', names)}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {shownVersion && (
        <article className="consent-preview" data-testid="consent-version-shown">
          <MarkdownText text={shownVersion.informationText} headingLevel={3} />
          <ul>
            {shownVersion.statements.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </article>
      )}

      <h3>
        {editing
          ? t('research.consent.editHeading', {
              version: editing.version,
              language: editing.language,
            })
          : t('research.consent.newHeading')}
      </h3>
      <form onSubmit={submit} className="stack">
        {!editing && (
          <div className="labelled-field">
            <label htmlFor="consent-language">{t('research.consent.language')}</label>
            <LanguageSelect id="consent-language" value={language} onChange={setLanguage} />
          </div>
        )}
        <label>
          <span>{t('research.consent.informationText')}</span>
          <textarea rows={10} value={text} onChange={(e) => setText(e.target.value)} required />
        </label>
        <label>
          <span>{t('research.consent.statements')}</span>
          <textarea
            rows={4}
            value={statements}
            onChange={(e) => setStatements(e.target.value)}
            required
          />
        </label>
        <label>
          <span>{t('research.consent.effectiveFrom')}</span>
          <input
            type="date"
            value={effectiveFrom}
            onChange={(e) => setEffectiveFrom(e.target.value)}
            required
          />
        </label>
        <FormError message={error} />
        <p role="status" className="status-line">
          {status}
        </p>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {editing ? t('research.consent.save') : t('research.consent.create')}
          </button>
          {editing && (
            <button type="button" onClick={stopEdit}>
              {t('research.consent.cancel')}
            </button>
          )}
        </div>
      </form>
      {text.trim() !== '' && (
        <section aria-labelledby="consent-preview" className="consent-preview">
          <h3 id="consent-preview">{t('research.consent.previewHeading')}</h3>
          <div data-testid="consent-preview">
            <MarkdownText text={text} headingLevel={4} />
          </div>
        </section>
      )}
    </section>
  );
}
