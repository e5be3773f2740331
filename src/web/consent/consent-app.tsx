import { useEffect, useRef, useState } from 'react';
import type { ConsentReceiptView, ConsentView, Withdrawal } from '../../core/api/consent.ts';
import { ApiError } from '../api-client.ts';
import {
  downloadReceipt,
  openConsent,
  openReceipt,
  sendDecision,
  withdraw,
} from './consent-api.ts';
import { MarkdownText } from '../components/markdown-text.tsx';
import {
  type ConsentLanguage,
  type ConsentStringKey,
  consentLanguageOf,
  consentText,
} from './consent-strings.ts';

const MAX_NAME = 200;

/** The token is in the address's fragment (never sent to the server with the page). */
const tokenFromAddress = () => window.location.hash.replace(/^#/, '');

const browserLanguage = (): ConsentLanguage => consentLanguageOf(navigator.language);

/** The public consent page (/consent#token) or the person's receipt page (/consent/receipt#token). */
export function ConsentApp() {
  return window.location.pathname.startsWith('/consent/receipt') ? (
    <ReceiptPage />
  ) : (
    <ConsentPage />
  );
}

function useDocumentLanguage(language: ConsentLanguage) {
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
}

function Unavailable(props: { language: ConsentLanguage; receipt?: boolean }) {
  const t = (key: ConsentStringKey) => consentText(props.language, key);
  return (
    <main className="q-page">
      <h1>{t('unavailableHeading')}</h1>
      <p role="alert">{props.receipt ? t('receiptUnavailable') : t('unavailable')}</p>
    </main>
  );
}

type Load<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'unavailable' };

function ConsentPage() {
  const token = tokenFromAddress();
  const [load, setLoad] = useState<Load<ConsentView>>({ state: 'loading' });
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<ConsentStringKey | null>(null);
  const [sending, setSending] = useState(false);
  const problemRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    openConsent(token)
      .then((data) => setLoad({ state: 'ready', data }))
      .catch(() => setLoad({ state: 'unavailable' }));
  }, [token]);
  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  const language =
    load.state === 'ready' ? consentLanguageOf(load.data.language) : browserLanguage();
  useDocumentLanguage(language);
  const t = (key: ConsentStringKey, values?: Record<string, string | number>) =>
    consentText(language, key, values);

  if (load.state === 'loading')
    return (
      <main className="q-page">
        <p role="status">{t('loading')}</p>
      </main>
    );
  if (load.state === 'unavailable') return <Unavailable language={language} />;
  const view = load.data;

  async function decide(decision: 'consented' | 'declined') {
    const typed = name.trim();
    if (typed === '') return setProblem('missingName');
    if (typed.length > MAX_NAME) return setProblem('nameTooLong');
    if (decision === 'consented' && ticked.size < view.statements.length)
      return setProblem('missingTicks');
    setProblem(null);
    setSending(true);
    try {
      const done = await sendDecision(token, {
        decision,
        tickedStatements: decision === 'consented' ? [...ticked] : [],
        typedName: typed,
        textSha256: view.textSha256,
      });
      window.location.assign(`/consent/receipt#${done.receiptToken ?? ''}`);
    } catch (error) {
      setSending(false);
      if (error instanceof ApiError && error.status === 404) setLoad({ state: 'unavailable' });
      else setProblem(error instanceof ApiError && error.status === 409 ? 'changed' : 'problem');
    }
  }

  return (
    <main className="q-page">
      <p className="q-form-title">{t(`${view.kind}Heading`)}</p>
      <h1>{view.studyTitle}</h1>
      <p className="c-meta">
        {t('investigator', { name: view.principalInvestigator })}
        <br />
        {t('ethics', { reference: view.ethicsReference })}
        <br />
        {t('version', { n: view.version })}
      </p>
      <p>{t('readFirst')}</p>
      <div className="c-information">
        <MarkdownText text={view.informationText} />
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void decide('consented');
        }}
      >
        <fieldset className="c-statements">
          <legend>{t('statementsHeading')}</legend>
          {view.statements.map((statement, index) => (
            <label key={index} className="c-statement">
              <input
                type="checkbox"
                checked={ticked.has(index)}
                onChange={(event) => {
                  const next = new Set(ticked);
                  if (event.target.checked) next.add(index);
                  else next.delete(index);
                  setTicked(next);
                }}
              />
              <span>{statement}</span>
            </label>
          ))}
        </fieldset>
        <label className="c-name" htmlFor="consent-name">
          {t('nameLabel')}
        </label>
        <input
          id="consent-name"
          className="c-name-input"
          type="text"
          autoComplete="name"
          value={name}
          aria-describedby="consent-name-hint"
          onChange={(event) => setName(event.target.value)}
        />
        <p id="consent-name-hint" className="c-hint">
          {t('nameHint')}
        </p>
        {problem && (
          <p role="alert" tabIndex={-1} ref={problemRef} className="q-error">
            {t(problem)}
          </p>
        )}
        <div className="c-actions">
          <button type="submit" className="q-button" disabled={sending}>
            {sending ? t('sending') : t('agree')}
          </button>
          <button
            type="button"
            className="q-button q-secondary"
            disabled={sending}
            onClick={() => void decide('declined')}
          >
            {t('decline')}
          </button>
        </div>
        <p className="c-hint">{t('careUnchanged')}</p>
      </form>
    </main>
  );
}

function ReceiptPage() {
  const token = tokenFromAddress();
  const [load, setLoad] = useState<Load<ConsentReceiptView>>({ state: 'loading' });
  const [confirming, setConfirming] = useState(false);
  const [withdrawal, setWithdrawal] = useState<Withdrawal | null>(null);
  const [problem, setProblem] = useState(false);

  useEffect(() => {
    openReceipt(token)
      .then((data) => setLoad({ state: 'ready', data }))
      .catch(() => setLoad({ state: 'unavailable' }));
  }, [token]);

  const language =
    load.state === 'ready' ? consentLanguageOf(load.data.language) : browserLanguage();
  useDocumentLanguage(language);
  const t = (key: ConsentStringKey, values?: Record<string, string | number>) =>
    consentText(language, key, values);

  if (load.state === 'loading')
    return (
      <main className="q-page">
        <p role="status">{t('loading')}</p>
      </main>
    );
  if (load.state === 'unavailable') return <Unavailable language={language} receipt />;
  const receipt = load.data;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(
    new Date(receipt.signedAt),
  );

  return (
    <main className="q-page">
      <p className="q-form-title">{t('receiptHeading')}</p>
      <h1>{receipt.studyTitle}</h1>
      <p>
        {t(receipt.decision === 'consented' ? 'receiptConsented' : 'receiptDeclined', { date })}
        <br />
        {t('version', { n: receipt.version })}
      </p>
      <button
        type="button"
        className="q-button"
        onClick={() =>
          void downloadReceipt(
            token,
            `consent-v${receipt.version}-${receipt.signedAt.slice(0, 10)}.pdf`,
          ).catch(() => setProblem(true))
        }
      >
        {t('download')}
      </button>
      <p className="c-hint">{t('keepThisPage')}</p>
      {problem && (
        <p role="alert" className="q-error">
          {t('problem')}
        </p>
      )}
      {withdrawal ? (
        <p role="status" className="c-withdrawn">
          {t('withdrawn')} {withdrawal.withdrawalData === 'deleted' ? t('withdrawnDeleted') : ''}
        </p>
      ) : (
        receipt.canWithdraw && (
          <section aria-labelledby="withdraw-heading" className="c-withdraw">
            <h2 id="withdraw-heading">{t('withdrawHeading')}</h2>
            <p>{t('withdrawExplain')}</p>
            {confirming ? (
              <div className="c-actions">
                <button
                  type="button"
                  className="q-button"
                  onClick={() =>
                    void withdraw(token)
                      .then(setWithdrawal)
                      .catch(() => setProblem(true))
                  }
                >
                  {t('withdrawConfirm')}
                </button>
                <button
                  type="button"
                  className="q-button q-secondary"
                  onClick={() => setConfirming(false)}
                >
                  {t('withdrawCancel')}
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="q-button q-secondary"
                onClick={() => setConfirming(true)}
              >
                {t('withdraw')}
              </button>
            )}
          </section>
        )
      )}
    </main>
  );
}
