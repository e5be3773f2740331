import type { Answers } from '../../core/api/questionnaire.ts';

/**
 * Answers kept on the phone until the server has them: per request (keyed by a hash of it,
 * never the link's token) and per form. Each form's submission id is made once, with its
 * first answer, and kept with the answers, so a retry after a lost reply, a double tap or a
 * reload sends the same id and the server stores the form once.
 */
export interface PendingForm {
  submissionId: string;
  answers: Answers;
  /** True once the person pressed Send: it goes to the server as soon as it can. */
  queued: boolean;
}

type Store = Record<string, PendingForm>;

const keyOf = (storageKey: string) => `rapport.questionnaire.${storageKey}`;

function read(storageKey: string): Store {
  try {
    const raw = localStorage.getItem(keyOf(storageKey));
    return raw ? (JSON.parse(raw) as Store) : {};
  } catch {
    return {};
  }
}

function write(storageKey: string, store: Store): void {
  try {
    if (Object.keys(store).length === 0) localStorage.removeItem(keyOf(storageKey));
    else localStorage.setItem(keyOf(storageKey), JSON.stringify(store));
  } catch {
    // Private mode or a full disk: the form still works, only without the safety net.
  }
}

export function loadPending(storageKey: string, formId: string): PendingForm {
  return (
    read(storageKey)[formId] ?? { submissionId: crypto.randomUUID(), answers: {}, queued: false }
  );
}

export function savePending(storageKey: string, formId: string, pending: PendingForm): void {
  write(storageKey, { ...read(storageKey), [formId]: pending });
}

export function queuedForms(storageKey: string): [string, PendingForm][] {
  return Object.entries(read(storageKey)).filter(([, pending]) => pending.queued);
}

/** The server has the form: nothing of it stays on the phone. */
export function forgetPending(storageKey: string, formId: string): void {
  const store = read(storageKey);
  delete store[formId];
  write(storageKey, store);
}

export function forgetAll(storageKey: string): void {
  write(storageKey, {});
}
