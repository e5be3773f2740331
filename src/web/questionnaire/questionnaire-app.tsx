import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api-client.ts';
import { InstrumentForm, answersToSend } from './instrument-form.tsx';
import {
  type PendingForm,
  forgetAll,
  forgetPending,
  loadPending,
  queuedForms,
  savePending,
} from './pending-answers.ts';
import { acknowledgeNotice, fetchQuestionnaire, sendForm } from './questionnaire-api.ts';
import type { Answers, QuestionnaireView } from '../../core/api/questionnaire.ts';
import { estimatedMinutes } from '../../core/measurement/estimated-minutes.ts';
import {
  type PageLanguage,
  languageName,
  pageLanguageOf,
  translate,
} from './questionnaire-strings.ts';

type Screen =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'offline' }
  | { kind: 'notice' }
  | { kind: 'form'; formId: string }
  | { kind: 'done' };

type SendState = 'idle' | 'sending' | 'waiting' | 'failed';

const isNetworkError = (error: unknown) => error instanceof ApiError && error.code === 'network';
const isGone = (error: unknown) => error instanceof ApiError && error.status === 404;
const isAlreadyAnswered = (error: unknown) => error instanceof ApiError && error.status === 409;

/**
 * The client's questionnaire: the clinic's notice the first time, then one screen per form,
 * then thanks. Answers live on the phone until the server has them; a form queued while
 * offline goes out on the browser's `online` event or when the page is opened again.
 */
export function QuestionnaireApp() {
  const [view, setView] = useState<QuestionnaireView | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [answered, setAnswered] = useState<string[]>([]);
  const [pending, setPending] = useState<PendingForm | null>(null);
  const [sendState, setSendState] = useState<SendState>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const language: PageLanguage = view?.language ?? pageLanguageOf(navigator.language);
  const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
    translate(language, key, values);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  });

  // Each new screen moves focus to its heading, so a screen reader starts at the top.
  useEffect(() => {
    if (screen.kind !== 'loading') headingRef.current?.focus();
  }, [screen]);

  const nextScreen = useCallback(
    (v: QuestionnaireView, done: string[], noticeRead: boolean): Screen => {
      if (v.dataNotice && !noticeRead) return { kind: 'notice' };
      const next = v.forms.find((f) => !done.includes(f.id));
      return next ? { kind: 'form', formId: next.id } : { kind: 'done' };
    },
    [],
  );

  /** Sends one queued form; true when the server has it (now or before). */
  const deliver = useCallback(
    async (v: QuestionnaireView, formId: string, form: PendingForm): Promise<boolean> => {
      try {
        await sendForm(formId, form);
      } catch (error) {
        if (!isAlreadyAnswered(error)) throw error;
      }
      forgetPending(v.storageKey, formId);
      return true;
    },
    [],
  );

  const load = useCallback(async () => {
    let v: QuestionnaireView;
    try {
      v = await fetchQuestionnaire();
    } catch (error) {
      setScreen(isNetworkError(error) ? { kind: 'offline' } : { kind: 'unavailable' });
      return;
    }
    const done = v.forms.filter((f) => f.answered).map((f) => f.id);
    // Forms queued before a reload or a lost connection go out first, with their own ids.
    for (const [formId, form] of queuedForms(v.storageKey)) {
      if (done.includes(formId) || !v.forms.some((f) => f.id === formId)) {
        forgetPending(v.storageKey, formId);
        continue;
      }
      try {
        await deliver(v, formId, form);
        done.push(formId);
      } catch (error) {
        if (isGone(error)) {
          forgetAll(v.storageKey);
          setScreen({ kind: 'unavailable' });
          return;
        }
        break;
      }
    }
    setView(v);
    setAnswered(done);
    const next = nextScreen(v, done, false);
    if (next.kind === 'form') {
      const form = loadPending(v.storageKey, next.formId);
      setPending(form);
      setSendState(form.queued ? 'waiting' : 'idle');
    }
    if (next.kind === 'done') forgetAll(v.storageKey);
    setScreen(next);
  }, [deliver, nextScreen]);

  useEffect(() => {
    void load();
  }, [load]);

  const goOn = (v: QuestionnaireView, done: string[]) => {
    const next = nextScreen(v, done, true);
    if (next.kind === 'form') {
      const form = loadPending(v.storageKey, next.formId);
      setPending(form);
      setSendState(form.queued ? 'waiting' : 'idle');
    } else {
      forgetAll(v.storageKey);
    }
    setScreen(next);
  };

  const submitCurrent = useCallback(async () => {
    if (!view || screen.kind !== 'form' || !pending) return;
    const formId = screen.formId;
    const formView = view.forms.find((f) => f.id === formId)!;
    const queued = { ...pending, answers: answersToSend(formView, pending.answers), queued: true };
    savePending(view.storageKey, formId, queued);
    setPending(queued);
    setSendState('sending');
    try {
      await deliver(view, formId, queued);
    } catch (error) {
      if (isGone(error)) {
        forgetAll(view.storageKey);
        setScreen({ kind: 'unavailable' });
        return;
      }
      setSendState(isNetworkError(error) ? 'waiting' : 'failed');
      return;
    }
    const done = [...answered, formId];
    setAnswered(done);
    setSendState('idle');
    goOn(view, done);
    // goOn reads only what is passed to it, so it need not be a dependency.
  }, [view, screen, pending, answered, deliver]);

  // Back online: send what waits, without a tap.
  useEffect(() => {
    if (sendState !== 'waiting') return;
    const retry = () => void submitCurrent();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [sendState, submitCurrent]);

  const change = (answers: Answers) => {
    if (!view || screen.kind !== 'form' || !pending) return;
    const next = { ...pending, answers };
    setPending(next);
    savePending(view.storageKey, screen.formId, next);
  };

  const heading = (text: string) => (
    <h1 ref={headingRef} tabIndex={-1}>
      {text}
    </h1>
  );

  let body: React.ReactNode;
  if (screen.kind === 'loading') {
    body = <p role="status">{t('loading')}</p>;
  } else if (screen.kind === 'unavailable') {
    body = (
      <>
        {heading(t('unavailableHeading'))}
        <p>{t('unavailable')}</p>
      </>
    );
  } else if (screen.kind === 'offline') {
    body = (
      <>
        {heading(t('title'))}
        <p role="status">{t('offline')}</p>
        <button type="button" className="q-button" onClick={() => void load()}>
          {t('retry')}
        </button>
      </>
    );
  } else if (screen.kind === 'notice' && view) {
    body = (
      <>
        {heading(t('noticeHeading'))}
        <p className="q-notice">{view.dataNotice}</p>
        <button
          type="button"
          className="q-button"
          onClick={() => {
            void acknowledgeNotice()
              .catch(() => undefined)
              .then(() => goOn(view, answered));
          }}
        >
          {t('noticeContinue')}
        </button>
      </>
    );
  } else if (screen.kind === 'form' && view && pending) {
    const index = view.forms.findIndex((f) => f.id === screen.formId);
    const form = view.forms[index]!;
    const total = view.forms.length;
    const minutes = estimatedMinutes(view.forms.filter((f) => !f.answered));
    const last = view.forms.every((f) => f.id === form.id || answered.includes(f.id));
    body = (
      <>
        <div className="q-progress">
          <span aria-hidden="true">{t('progress', { n: index + 1, total })}</span>
          <progress
            max={total}
            value={index}
            aria-label={t('progressLabel', { n: index + 1, total })}
          />
        </div>
        {heading(t('progressLabel', { n: index + 1, total }))}
        {index === 0 && (
          <p>
            {view.firstName && `${t('greeting', { name: view.firstName })} `}
            {t('intro')} {minutes === 1 ? t('aboutOneMinute') : t('aboutMinutes', { n: minutes })}
          </p>
        )}
        <p className="q-form-title" lang={form.language}>
          {form.title}
        </p>
        {form.languageMissing && (
          <p className="q-notice" role="note">
            {t('notInYourLanguage', { shown: languageName(form.language, language) })}
          </p>
        )}
        <InstrumentForm
          key={form.id}
          form={form}
          language={language}
          answers={pending.answers}
          onChange={change}
          onSubmit={() => void submitCurrent()}
          submitLabel={
            sendState === 'sending' ? t('sending') : last ? t('send') : t('sendAndContinue')
          }
          disabled={sendState !== 'idle' && sendState !== 'failed'}
        />
        {sendState === 'waiting' && (
          <div className="q-waiting">
            <p role="status">{t('offline')}</p>
            <button
              type="button"
              className="q-button q-secondary"
              onClick={() => void submitCurrent()}
            >
              {t('retry')}
            </button>
          </div>
        )}
        {sendState === 'failed' && (
          <p role="alert" className="q-error">
            {t('problem')}
          </p>
        )}
      </>
    );
  } else {
    body = (
      <>
        {heading(t('doneHeading'))}
        <p>{t('done')}</p>
      </>
    );
  }

  return (
    <main className="q-page" id="main">
      {body}
    </main>
  );
}
