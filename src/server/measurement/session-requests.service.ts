import { AppError, notFound } from '../../core/app-error.ts';
import { hasTextIn } from '../../core/instruments/has-text-in.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { resolveInstrument } from '../instruments/resolve-instrument.service.ts';
import { findSessionForActor } from '../sessions/session.repository.ts';
import { findJobStatesByKey } from '../jobs/job.repository.ts';
import { type MailDelivery, mailDelivery } from '../../core/measurement/mail-delivery.ts';
import { QUESTIONNAIRE_DELIVER_JOB } from './request-delivery.service.ts';
import { questionnaireToken } from './questionnaire-link.ts';
import { findRequestForActor } from './questionnaire-request.repository.ts';
import { type SessionRequestView, listSessionRequestViews } from './session-requests.repository.ts';

export interface SessionRequestDeps {
  db: Database;
  clock: Clock;
  /** Without the instance secret no link can be shown (attendance cannot be recorded either). */
  secret: string | undefined;
  /** The address clients open links at; without it the link is a path on this server. */
  publicUrl: string | undefined;
}

/** An open request past its expiry is shown as expired, whatever the row still says. */
export type ShownStatus = SessionRequestView['status'] | 'expired';

export interface SessionRequestsResult {
  sessionId: string;
  access: 'write' | 'read';
  /** `mine`: the caller's own therapist form, which they answer from the session page. */
  requests: (Omit<SessionRequestView, 'status' | 'staffUserId'> & {
    status: ShownStatus;
    mine: boolean;
    /** Instruments with no text in the request's language (the respondent sees them as published). */
    untranslated: string[];
    /** The link mail to the client: null when none was queued (no e-mail address). */
    mail: MailDelivery | null;
  })[];
}

/** The session's requests, for its case's therapists and their supervisors; audited. */
export async function listSessionRequests(
  deps: SessionRequestDeps,
  actor: StaffActor,
  sessionId: string,
  origin: RequestOrigin,
): Promise<SessionRequestsResult> {
  const session = await findSessionForActor(deps.db, actor, sessionId);
  if (!session) throw notFound('Session');
  const now = deps.clock().toISOString();
  const views = await listSessionRequestViews(deps.db, actor, session.id);
  const languagesOf = new Map<string, readonly string[]>();
  for (const id of new Set(views.flatMap((v) => v.instruments)))
    languagesOf.set(
      id,
      (await resolveInstrument(deps.db, actor.organizationId, id))?.languages ?? [],
    );
  const mailKey = (requestId: string) => `${QUESTIONNAIRE_DELIVER_JOB}:${requestId}`;
  const mails = await findJobStatesByKey(
    deps.db,
    actor.organizationId,
    views.filter((v) => v.respondentKind === 'client').map((v) => mailKey(v.id)),
  );
  const requests = views.map(({ staffUserId, ...r }) => ({
    ...r,
    status: r.status === 'open' && r.expiresAt <= now ? ('expired' as const) : r.status,
    mine: r.respondentKind === 'therapist' && staffUserId === actor.userId,
    untranslated: r.instruments.filter((id) => !hasTextIn(languagesOf.get(id) ?? [], r.language)),
    mail: ((job) => (job ? mailDelivery(job) : null))(mails.get(mailKey(r.id))),
  }));
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'questionnaire-request.list',
    entityType: 'session',
    entityId: session.id,
    details: { caseId: session.caseId, requests: requests.length },
  });
  return { sessionId: session.id, access: session.access, requests };
}

/**
 * The link of an open client request, to show as a QR code or copy, for the case's
 * therapists only: the link opens the client's forms, so a supervisor (who reads the case)
 * may not have it. The token is derived from the instance secret, so showing it again
 * neither changes nor reissues it. Audited.
 */
export async function showRequestLink(
  deps: SessionRequestDeps,
  actor: StaffActor,
  requestId: string,
  origin: RequestOrigin,
): Promise<{ requestId: string; url: string; expiresAt: string }> {
  const request = await findRequestForActor(deps.db, actor, requestId);
  if (!request || request.respondentKind !== 'client') throw notFound('Request');
  if (request.access !== 'write')
    throw new AppError('forbidden', "Only the case's therapists can show a client's link.");
  if (request.status !== 'open' || request.expiresAt <= deps.clock().toISOString())
    throw new AppError('conflict', 'This request is no longer open.');
  if (!deps.secret)
    throw new AppError('unavailable', 'The instance secret is not configured (RAPPORT_SECRET).');
  const path = `/q/${questionnaireToken(deps.secret, request.id)}`;
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'questionnaire-request.link',
    entityType: 'questionnaire_request',
    entityId: request.id,
    details: { caseId: request.caseId, sessionId: request.sessionId },
  });
  return {
    requestId: request.id,
    url: deps.publicUrl ? `${deps.publicUrl}${path}` : path,
    expiresAt: request.expiresAt,
  };
}
