import { AppError, conflict, notFound } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCase } from '../cases/case.repository.ts';
import { CLOSED_CASE_MESSAGE } from '../cases/require-open-case.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import type { Attendance } from '../db/database-schema.ts';
import {
  findSession,
  findSessionForActor,
  updateSessionAttendance,
} from '../sessions/session.repository.ts';
import { enqueueInterviewTaskSync } from '../sessions/interview-task-sync-job.ts';
import { type SessionDeps, writable } from '../sessions/session.service.ts';
import { createSessionRequests } from './create-session-requests.service.ts';
import { enqueueRequestMails } from './request-delivery.service.ts';
import { listRequestsForSession, setRequestStatus } from './questionnaire-request.repository.ts';

export interface AttendanceResult {
  attendance: Attendance;
  requestsCreated: number;
  requestsRevoked: number;
}

/**
 * Records whether a session took place. "Attended" starts the client flow (one request per
 * respondent, created once however often it is marked); correcting an attended session to
 * anything else revokes the requests still open, so their links stop working.
 */
export async function recordAttendance(
  db: Database,
  clock: Clock,
  secret: string,
  input: {
    organizationId: string;
    sessionId: string;
    attendance: Attendance;
    /** RAPPORT_REMINDER_LEAD_HOURS; absent means the default (24 h). */
    reminderLeadHours?: number;
  },
  actor: {
    type: 'staff' | 'cli' | 'system';
    id: string | null;
    ip?: string | null;
    requestId?: string | null;
  },
): Promise<AttendanceResult> {
  return inTransaction(db, async (trx) => {
    const session = await findSession(trx, input.organizationId, input.sessionId);
    if (!session) throw notFound('Session');
    const careCase = await findCase(trx, input.organizationId, session.caseId);
    if (!careCase) throw notFound('Session');
    // A closed case makes no new requests: its attendance cannot change until it is reopened.
    if (careCase.status === 'closed') throw conflict(CLOSED_CASE_MESSAGE);
    const now = clock();
    // Forms go out when a session is marked attended, so marking one that has not begun would
    // send them before it happened. Cancelling ahead is fine; corrections after it are too.
    if (
      (input.attendance === 'attended' || input.attendance === 'no-show') &&
      Date.parse(session.startsAt) > now.getTime()
    )
      throw conflict(
        'This session has not started yet: mark it attended or a no-show once it has begun (cancelling ahead is fine).',
      );
    await updateSessionAttendance(
      trx,
      input.organizationId,
      session.id,
      input.attendance,
      now.toISOString(),
    );
    let requestsCreated = 0;
    let requestsRevoked = 0;
    if (input.attendance === 'attended') {
      requestsCreated = await createSessionRequests(trx, { careCase, session, secret, now });
      // Each client with an address gets the link by mail, and a reminder, with the requests.
      await enqueueRequestMails(trx, {
        organizationId: input.organizationId,
        sessionId: session.id,
        now,
        reminderLeadHours: input.reminderLeadHours,
      });
    } else {
      for (const request of await listRequestsForSession(trx, input.organizationId, session.id)) {
        if (request.status !== 'open') continue;
        await setRequestStatus(trx, input.organizationId, request.id, 'revoked', now.toISOString());
        requestsRevoked++;
      }
    }
    // A research study may interview the session's people (or no longer, after a correction).
    await enqueueInterviewTaskSync(trx, now, input.organizationId, session.id);
    await recordAudit(trx, clock, {
      organizationId: input.organizationId,
      actorType: actor.type,
      actorId: actor.id,
      action: 'session.attendance',
      entityType: 'session',
      entityId: session.id,
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      details: { attendance: input.attendance, requestsCreated, requestsRevoked },
    });
    return { attendance: input.attendance, requestsCreated, requestsRevoked };
  });
}

/** Attendance, for the case's therapists only; the questionnaire flow follows from it. */
export async function setSessionAttendance(
  deps: SessionDeps,
  actor: StaffActor,
  sessionId: string,
  attendance: Attendance,
  origin: RequestOrigin,
): Promise<AttendanceResult> {
  const session = writable(await findSessionForActor(deps.db, actor, sessionId));
  if (!deps.secret)
    throw new AppError('unavailable', 'The instance secret is not configured (RAPPORT_SECRET).');
  return recordAttendance(
    deps.db,
    deps.clock,
    deps.secret,
    {
      organizationId: actor.organizationId,
      sessionId: session.id,
      attendance,
      reminderLeadHours: deps.reminderLeadHours,
    },
    { type: 'staff', id: actor.userId, ip: origin.ip, requestId: origin.requestId },
  );
}
