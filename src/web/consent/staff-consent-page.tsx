import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ConsentSubmitted, StaffConsentView } from '../../core/api/consent.ts';
import { ApiError, apiGet, apiPost } from '../api-client.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { MarkdownText } from '../components/markdown-text.tsx';

/** The therapist's own consent to a study, in the staff app: the same checks as a client's. */
export function StaffConsentPage() {
  const { t } = useTranslation();
  const { participantId = '' } = useParams();
  const url = `/api/research/me/participations/${encodeURIComponent(participantId)}/consent`;
  const [view, setView] = useState<StaffConsentView | null | 'missing'>(null);
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const load = () =>
    apiGet<StaffConsentView>(url)
      .then(setView)
      .catch(() => setView('missing'));
  useEffect(() => {
    void load();
  }, [url]);

  if (view === 'missing') return <NotFoundPage />;
  if (!view)
    return (
      <p role="status" className="loading">
        {t('app.loading')}
      </p>
    );

  async function decide(decision: 'consented' | 'declined') {
    if (!view || view === 'missing') return;
    if (name.trim() === '') return setProblem(t('staffConsent.missingName'));
    if (decision === 'consented' && ticked.size < view.statements.length)
      return setProblem(t('staffConsent.missingTicks'));
    setProblem(null);
    try {
      await apiPost<ConsentSubmitted>(url, {
        decision,
        tickedStatements: decision === 'consented' ? [...ticked] : [],
        typedName: name.trim(),
        textSha256: view.textSha256,
        language: view.language,
      });
      await load();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.detail : String(error));
    }
  }

  const decided = view.participantStatus !== 'invited';
  return (
    <article className="staff-consent" lang={view.language}>
      <h1>{t('staffConsent.title', { study: view.studyTitle })}</h1>
      <div className="c-information">
        <MarkdownText text={view.informationText} />
      </div>
      {decided ? (
        <>
          <p role="status">{t('staffConsent.decided', { status: view.participantStatus })}</p>
          {view.recordId && (
            <p>
              <a href={`/api/research/me/consent-records/${view.recordId}/receipt`} download>
                {t('staffConsent.receipt')}
              </a>
            </p>
          )}
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void decide('consented');
          }}
        >
          <fieldset>
            <legend>{t('staffConsent.statements')}</legend>
            {view.statements.map((statement, index) => (
              <label key={index} className="checkbox-row">
                <input
                  type="checkbox"
                  checked={ticked.has(index)}
                  onChange={(event) => {
                    const next = new Set(ticked);
                    if (event.target.checked) next.add(index);
                    else next.delete(index);
                    setTicked(next);
                  }}
                />{' '}
                {statement}
              </label>
            ))}
          </fieldset>
          <label htmlFor="staff-consent-name">{t('staffConsent.name')}</label>
          <input
            id="staff-consent-name"
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          {problem && (
            <p role="alert" className="form-error">
              {problem}
            </p>
          )}
          <p>
            <button type="submit">{t('staffConsent.agree')}</button>{' '}
            <button type="button" onClick={() => void decide('declined')}>
              {t('staffConsent.decline')}
            </button>
          </p>
        </form>
      )}
    </article>
  );
}
