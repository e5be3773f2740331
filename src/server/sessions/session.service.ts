import { randomUUID } from 'node:crypto';
import { AppError, badRequest, conflict, notFound } from '../../core/app-error.ts';
import { findCaseAccess } from '../access/case-access.repository.ts';
import { CLOSED_CASE_MESSAGE, requireOpenCase } from '../cases/require-open-case.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import { findCase } from '../cases/case.repository.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import type { Modality } from '../db/database-schema.ts';
import { findInterpreter } from '../interpreters/interpreter.repository.ts';
import { findClinicByIdOrName } from '../organizations/organization.repository.ts';
import type { SessionWarning } from '../../core/api/session.ts';
import { enqueueInterviewTaskSync } from './interview-task-sync-job.ts';
import { listInterviewedRolesInCase } from './interpreted-interviews.repository.ts';
import {
  type InterpreterSession,
  type SessionChanges,
  type SessionDetail,
  type TherapySession,
  findSessionForActor,
  insertNextSession,
  listReadableSessionsForCase,
  listSessionsForInterpreter,
  updateSessionDetails,
} from './session.repository.ts';

export interface SessionDeps {
  db: Database;
  clock: Clock;
  /** The instance secret behind questionnaire links (attendance creates them). */
  secret: string | undefined;
  /** Hours before a link expires that its reminder goes out (config; default 24). */
  reminderLeadHours?: number;
}

export interface NewSession {
  startsAt: string;
  endsAt: string;
  modality: Modality;
  language: string;
  interpreterId: string | null;
}

/** A session longer than this is a typing mistake, not a therapy session. */
const MAX_SESSION_MS = 12 * 3_600_000;

function checkTimes(startsAt: string, endsAt: string): void {
  const length = Date.parse(endsAt) - Date.parse(startsAt);
  if (!(length > 0))
    throw badRequest('The session must end after it starts.', [
      { path: 'body.endsAt', message: 'must be after startsAt' },
    ]);
  if (length > MAX_SESSION_MS)
    throw badRequest('A session lasts at most 12 hours.', [
      { path: 'body.endsAt', message: 'must be at most 12 hours after startsAt' },
    ]);
}

async function checkInterpreter(trx: Executor, organizationId: string, id: string | null) {
  if (id === null) return;
  if (!(await findInterpreter(trx, organizationId, id)))
    throw badRequest('There is no such interpreter.', [
      { path: 'body.interpreterId', message: 'is not an interpreter of this organization' },
    ]);
}

/** A session as it was saved, with what staff should know about the save. */
export type SavedSession = SessionDetail & { warnings: SessionWarning[] };

/**
 * The session saves either way (therapy comes first), but staff are told when its
 * interpreter interpreted a research interview of one of the case's people: the two roles
 * should stay apart (issue 17, item 5). Only the role is named, nothing of the study.
 */
async function interpreterWarnings(
  trx: Executor,
  session: SessionDetail,
  assigned: string | null | undefined,
): Promise<SessionWarning[]> {
  if (!assigned || session.interpreterId !== assigned || session.interpreterName === null)
    return [];
  const roles = await listInterviewedRolesInCase(
    trx,
    session.organizationId,
    session.caseId,
    assigned,
  );
  return roles.map((respondent) => ({
    code: 'interpreter-interviewed',
    interpreterName: session.interpreterName!,
    respondent,
  }));
}

/** The case's sessions, for its therapists and their supervisors (404 for everyone else). */
export async function listCaseSessions(
  deps: SessionDeps,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<{
  caseId: string;
  caseReference: string;
  clinicTimeZone: string;
  access: 'write' | 'read';
  sessions: TherapySession[];
}> {
  return inTransaction(deps.db, async (trx) => {
    const access = await findCaseAccess(trx, actor, caseId);
    const careCase = access && (await findCase(trx, actor.organizationId, caseId));
    if (!access || !careCase) throw notFound('Case');
    const [clinic] = await findClinicByIdOrName(trx, careCase.clinicId, actor.organizationId);
    const sessions = await listReadableSessionsForCase(trx, actor, caseId);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'session.list',
      entityType: 'care_case',
      entityId: caseId,
      details: { sessions: sessions.length },
    });
    return {
      caseId,
      caseReference: careCase.reference,
      clinicTimeZone: clinic?.timeZone ?? 'UTC',
      access,
      sessions,
    };
  });
}

/**
 * Adds a session to a case, numbered next in its sequence. Only the case's therapists may;
 * a supervisor reads but does not write (403 would confirm the case exists, so: 404 for
 * everyone without write access).
 */
export async function createSession(
  deps: SessionDeps,
  actor: StaffActor,
  caseId: string,
  input: NewSession,
  origin: RequestOrigin,
): Promise<SavedSession> {
  checkTimes(input.startsAt, input.endsAt);
  // Two therapists adding a session at once can compute the same number; the unique
  // constraint refuses the second, which then tries again with the next number.
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(deps.db, async (trx) => {
        requireWrite(await findCaseAccess(trx, actor, caseId), 'Case');
        const careCase = await findCase(trx, actor.organizationId, caseId);
        if (!careCase) throw notFound('Case');
        if (careCase.status === 'closed') throw conflict(CLOSED_CASE_MESSAGE);
        await checkInterpreter(trx, actor.organizationId, input.interpreterId);
        const id = randomUUID();
        const number = await insertNextSession(
          trx,
          {
            id,
            organizationId: actor.organizationId,
            caseId,
            ...input,
            attendance: 'scheduled',
          },
          deps.clock().toISOString(),
        );
        await recordStaffAudit(trx, deps.clock, actor, origin, {
          action: 'session.create',
          entityType: 'session',
          entityId: id,
          details: { caseId, number },
        });
        const created = await findSessionForActor(trx, actor, id);
        if (!created) throw new AppError('internal', 'The new session could not be read back.');
        return {
          ...created,
          warnings: await interpreterWarnings(trx, created, input.interpreterId),
        };
      });
    } catch (error) {
      if (error instanceof AppError || attempt >= 3) throw error;
    }
  }
}

export async function getSession(
  deps: SessionDeps,
  actor: StaffActor,
  sessionId: string,
  origin: RequestOrigin,
): Promise<SessionDetail> {
  return inTransaction(deps.db, async (trx) => {
    const session = await findSessionForActor(trx, actor, sessionId);
    if (!session) throw notFound('Session');
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'session.read',
      entityType: 'session',
      entityId: session.id,
      details: { caseId: session.caseId },
    });
    return session;
  });
}

export async function updateSession(
  deps: SessionDeps,
  actor: StaffActor,
  sessionId: string,
  changes: SessionChanges,
  origin: RequestOrigin,
): Promise<SavedSession> {
  return inTransaction(deps.db, async (trx) => {
    const session = writable(await findSessionForActor(trx, actor, sessionId));
    await requireOpenCase(trx, actor.organizationId, session.caseId);
    checkTimes(changes.startsAt ?? session.startsAt, changes.endsAt ?? session.endsAt);
    if (changes.interpreterId !== undefined)
      await checkInterpreter(trx, actor.organizationId, changes.interpreterId);
    const now = deps.clock();
    await updateSessionDetails(trx, actor.organizationId, session.id, changes, now.toISOString());
    // A new end moves the deadline of the session's interview tasks (research).
    if (changes.endsAt !== undefined)
      await enqueueInterviewTaskSync(trx, now, actor.organizationId, session.id);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'session.update',
      entityType: 'session',
      entityId: session.id,
      // Which fields changed, never their values (a language can say a lot about a person).
      details: { fields: Object.keys(changes).sort().join(',') },
    });
    const updated = await findSessionForActor(trx, actor, session.id);
    if (!updated) throw notFound('Session');
    return {
      ...updated,
      warnings: await interpreterWarnings(trx, updated, changes.interpreterId),
    };
  });
}

/**
 * An interpreter's own assignments — when, where, which language, which therapist, which
 * case; nothing clinical —, the sessions not yet over first (soonest first), then the past
 * ones (latest first).
 */
export async function listInterpreterSessions(
  deps: SessionDeps,
  actor: StaffActor,
  origin: RequestOrigin,
): Promise<InterpreterSession[]> {
  return inTransaction(deps.db, async (trx) => {
    const all = await listSessionsForInterpreter(trx, actor.organizationId, actor.userId);
    const now = deps.clock().toISOString();
    const sessions = [
      ...all.filter((s) => s.endsAt >= now),
      ...all.filter((s) => s.endsAt < now).reverse(),
    ];
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'interpreter.sessions.read',
      entityType: 'staff_user',
      entityId: actor.userId,
      details: { sessions: sessions.length },
    });
    return sessions;
  });
}

/**
 * Changes are for the case's therapists. A supervisor can already see the record, so they
 * are told it is read-only (403); anyone else learns nothing about it (404).
 */
function requireWrite(access: 'write' | 'read' | undefined, what: string): void {
  if (access === 'write') return;
  if (access === 'read')
    throw new AppError('forbidden', "Read-only: only the case's therapists can change it.");
  throw notFound(what);
}

export function writable<T extends { access: 'write' | 'read' }>(session: T | undefined): T {
  requireWrite(session?.access, 'Session');
  return session!;
}
