import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../core/app-error.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { countThrottleEvent, findThrottle } from '../auth/auth-throttle.repository.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { resolveRequestInstrument } from './request-instrument.service.ts';
import { saveNoticeAcknowledgement } from './data-notice.repository.ts';
import { hashQuestionnaireToken, looksLikeQuestionnaireToken } from './questionnaire-link.ts';
import {
  type QuestionnaireRequest,
  findRequestByTokenHash,
  findRequestOfLiveVisit,
  markRequestFirstOpened,
} from './questionnaire-request.repository.ts';
import { listAnsweredInstruments } from './questionnaire-response.repository.ts';
import { findRespondentContext, insertVisit } from './questionnaire-visit.repository.ts';
import { fillTherapistBlank } from '../../core/instruments/fill-therapist-blank.ts';
import { type SubmittedAnswers, submitToRequest } from './submit-response.service.ts';

export interface QuestionnaireDeps {
  db: Database;
  clock: Clock;
}

export interface ClientOrigin {
  ip: string;
  requestId: string;
}

/** A visit lasts long enough to answer a few forms, a lost connection and a reload. */
export const VISIT_LIFETIME_MS = 4 * 3_600_000;
/** Bad links per address and window before every link from that address is refused. */
export const BAD_LINKS_PER_ADDRESS = 20;
export const BAD_LINK_WINDOW_MS = 15 * 60_000;

const badLinkKey = (address: string) => `address:questionnaire-link:${address}`;

/**
 * The one answer for an unknown, expired, used or revoked link, or a missing visit: the same
 * words and status whatever the reason, so a guess learns nothing.
 */
export const linkUnavailable = () => new AppError('not_found', 'This link is no longer available.');

/**
 * Swaps a link's token for a visit: a fresh random token (256 bits; only its hash is stored)
 * for a short-lived cookie, so the link's token leaves the address bar. Null for any link that
 * does not open a form, and for every link from an address that sent too many bad ones.
 */
export async function openQuestionnaireLink(
  deps: QuestionnaireDeps,
  token: string,
  origin: ClientOrigin,
): Promise<{ visitToken: string; expiresAt: Date } | null> {
  const now = deps.clock();
  const windowStart = new Date(now.getTime() - BAD_LINK_WINDOW_MS).toISOString();
  const throttle = await findThrottle(deps.db, badLinkKey(origin.ip));
  if (
    throttle &&
    throttle.windowStartedAt >= windowStart &&
    throttle.count >= BAD_LINKS_PER_ADDRESS
  ) {
    return null;
  }
  const request = looksLikeQuestionnaireToken(token)
    ? await findRequestByTokenHash(deps.db, hashQuestionnaireToken(token))
    : undefined;
  if (!request || !isOpen(request, now) || request.clientId === null) {
    await countThrottleEvent(deps.db, badLinkKey(origin.ip), now.toISOString(), windowStart);
    return null;
  }
  const visitToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(
    Math.min(now.getTime() + VISIT_LIFETIME_MS, Date.parse(request.expiresAt)),
  );
  await inTransaction(deps.db, async (trx) => {
    const visitId = randomUUID();
    await insertVisit(
      trx,
      {
        id: visitId,
        organizationId: request.organizationId,
        requestId: request.id,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      },
      hashQuestionnaireToken(visitToken),
    );
    await markRequestFirstOpened(trx, request.organizationId, request.id, now.toISOString());
    await recordAudit(trx, deps.clock, {
      organizationId: request.organizationId,
      actorType: 'client',
      actorId: request.clientId,
      action: 'questionnaire.open',
      entityType: 'questionnaire_request',
      entityId: request.id,
      ip: origin.ip,
      requestId: origin.requestId,
      details: { visitId, caseId: request.caseId },
    });
  });
  return { visitToken, expiresAt };
}

const isOpen = (request: QuestionnaireRequest, now: Date) =>
  request.status === 'open' && request.expiresAt > now.toISOString();

/** The hash a visit cookie is stored under; undefined for anything that is not a token. */
const visitTokenHash = (visitToken: string | undefined) =>
  visitToken && looksLikeQuestionnaireToken(visitToken)
    ? hashQuestionnaireToken(visitToken)
    : undefined;

/** The request behind a visit cookie, whatever its state; undefined when there is none. */
async function requestOfVisit(
  deps: QuestionnaireDeps,
  visitToken: string | undefined,
): Promise<QuestionnaireRequest | undefined> {
  const tokenHash = visitTokenHash(visitToken);
  if (!tokenHash) return undefined;
  return (await findRequestOfLiveVisit(deps.db, tokenHash, deps.clock().toISOString()))?.request;
}

export interface QuestionnaireOption {
  value: number;
  label: string;
}

export interface QuestionnaireItem {
  id: string;
  type: 'choice' | 'text';
  text: string;
  required: boolean;
  enableWhen: { item: string; operator: '=' | '!='; value: number } | null;
  options: QuestionnaireOption[];
}

export interface QuestionnaireForm {
  id: string;
  title: string;
  /** The language the form's texts are in: the request's when the file has it. */
  language: string;
  /**
   * True when the form has no text in the request's language and is shown in `language`
   * instead (as published): the page says so in the respondent's language.
   */
  languageMissing: boolean;
  instructions: string | null;
  answered: boolean;
  items: QuestionnaireItem[];
}

export interface QuestionnaireView {
  /** The language of the page's own words: the request's, when the page speaks it. */
  language: 'en' | 'es';
  /** A hash of the request, for keeping unsent answers on the phone (never the token). */
  storageKey: string;
  firstName: string | null;
  dataNotice: string | null;
  progress: { answered: number; total: number };
  forms: QuestionnaireForm[];
}

const PAGE_LANGUAGES = ['en', 'es'] as const;

/** The request's language if the file has it, else its base language, else the file's first. */
export function pickLanguage(available: readonly string[], wanted: string): string {
  if (available.includes(wanted)) return wanted;
  const base = wanted.split('-')[0]!;
  return available.includes(base) ? base : available[0]!;
}

/** One instrument as a respondent sees it (also the therapist's form in the staff app). */
export function formView(
  definition: InstrumentDefinition,
  wanted: string,
  answered: boolean,
  options: { therapistName?: string | null } = {},
): QuestionnaireForm {
  const language = pickLanguage(definition.languages, wanted);
  const text = (t: Record<string, string>) => t[language] ?? Object.values(t)[0]!;
  // A client's form names their therapist where the published form leaves a blank (WAI).
  const itemText = (t: Record<string, string>) =>
    definition.perspective === 'therapist'
      ? text(t)
      : fillTherapistBlank(text(t), options.therapistName ?? null, language);
  const sets = new Map(definition.responseSets.map((set) => [set.id, set]));
  return {
    id: definition.id,
    title: definition.title,
    language,
    languageMissing: language !== wanted && language !== wanted.split('-')[0],
    instructions: definition.instructions ? itemText(definition.instructions) : null,
    answered,
    items: definition.items.map((item) => ({
      id: item.id,
      type: item.type,
      text: itemText(item.text),
      required: item.required ?? false,
      enableWhen: item.enableWhen ?? null,
      options: (item.responses ? (sets.get(item.responses)?.options ?? []) : []).map((o) => ({
        value: o.value,
        label: text(o.label),
      })),
    })),
  };
}

/** What the questionnaire page needs for a live visit of an open request. */
export async function loadQuestionnaire(
  deps: QuestionnaireDeps,
  visitToken: string | undefined,
): Promise<QuestionnaireView> {
  const request = await requestOfVisit(deps, visitToken);
  if (!request || !isOpen(request, deps.clock())) throw linkUnavailable();
  const context = await findRespondentContext(
    deps.db,
    request.organizationId,
    request.caseId,
    request.clientId,
  );
  if (!context) throw linkUnavailable();
  const answered = await listAnsweredInstruments(deps.db, request.organizationId, request.id);
  const forms: QuestionnaireForm[] = [];
  for (const instrumentId of request.instruments) {
    const definition = await resolveRequestInstrument(
      deps.db,
      request.organizationId,
      request.id,
      instrumentId,
    );
    if (definition)
      forms.push(
        formView(definition, request.language, answered.includes(instrumentId), {
          therapistName: context.therapistName,
        }),
      );
  }
  const base = request.language.split('-')[0]!;
  const notice = context.notice;
  return {
    language: (PAGE_LANGUAGES as readonly string[]).includes(base) ? (base as 'en' | 'es') : 'en',
    storageKey: createHash('sha256')
      .update(`questionnaire-storage:${request.id}`)
      .digest('hex')
      .slice(0, 32),
    firstName: context.givenName,
    dataNotice:
      notice && (context.acknowledgedAt === null || context.acknowledgedAt < notice.updatedAt)
        ? notice.text
        : null,
    progress: { answered: forms.filter((f) => f.answered).length, total: forms.length },
    forms,
  };
}

/** The client has read the clinic's notice: it is not shown again until it changes. */
export async function acknowledgeDataNotice(
  deps: QuestionnaireDeps,
  visitToken: string | undefined,
): Promise<void> {
  const request = await requestOfVisit(deps, visitToken);
  if (!request || !isOpen(request, deps.clock()) || !request.clientId) throw linkUnavailable();
  const context = await findRespondentContext(
    deps.db,
    request.organizationId,
    request.caseId,
    request.clientId,
  );
  if (!context) throw linkUnavailable();
  await saveNoticeAcknowledgement(
    deps.db,
    request.organizationId,
    request.clientId,
    context.clinicId,
    deps.clock().toISOString(),
  );
}

export type ClientSubmission = SubmittedAnswers;

/**
 * One form's answers from a visit. A retry of a submission already stored is answered even
 * after the request completed (its reply may have been lost); anything new needs an open one.
 * The visit is looked up inside the submission's transaction, joined to its request.
 */
export async function submitFromVisit(
  deps: QuestionnaireDeps,
  visitToken: string | undefined,
  submission: ClientSubmission,
  origin: ClientOrigin,
) {
  const tokenHash = visitTokenHash(visitToken);
  if (!tokenHash) throw linkUnavailable();
  const now = deps.clock().toISOString();
  const result = await submitToRequest(
    deps.db,
    deps.clock,
    async (trx) => {
      const target = await findRequestOfLiveVisit(trx, tokenHash, now, true);
      return target?.request.clientId ? target : undefined;
    },
    submission,
    (request) => ({
      type: 'client',
      id: request.clientId!,
      ip: origin.ip,
      requestId: origin.requestId,
    }),
  ).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'not_found' ? linkUnavailable() : error;
  });
  return {
    responseId: result.responseId,
    stored: result.stored,
    requestCompleted: result.requestCompleted,
    progress: result.progress,
  };
}
