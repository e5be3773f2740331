import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../../core/app-error.ts';
import { findCaseAccess } from '../access/case-access.repository.ts';
import { requireOpenCase } from '../cases/require-open-case.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { findCaseSessionNumber } from '../repairs/rupture-event.repository.ts';
import {
  type QueueAlert,
  type QueueCase,
  type QueueFlaggedSession,
  type SupervisionNote,
  findCaseClinicTimeZone,
  insertSupervisionNote,
  listQueueAlerts,
  listQueueCaseTherapists,
  listQueueFlaggedSessions,
  listSupervisionNotes,
} from './supervision.repository.ts';

export interface SupervisionQueue {
  alerts: QueueAlert[];
  flaggedSessions: QueueFlaggedSession[];
  cases: QueueCase[];
}

/**
 * What a supervisor should look at: the supervisees' unresolved alerts (urgent first) and
 * the sessions they flagged for supervision, with each case's therapists to group them by. Someone who supervises no one gets an empty
 * queue. Audited as a read of clinical data.
 */
export async function getSupervisionQueue(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  origin: RequestOrigin,
): Promise<SupervisionQueue> {
  return inTransaction(db, async (trx) => {
    const [alerts, flaggedSessions] = await Promise.all([
      listQueueAlerts(trx, actor),
      listQueueFlaggedSessions(trx, actor),
    ]);
    const references = new Map<string, string>();
    for (const item of [...alerts, ...flaggedSessions])
      references.set(item.caseId, item.caseReference);
    const cases = await listQueueCaseTherapists(trx, actor, references);
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'supervision.queue',
      entityType: 'staff_user',
      entityId: actor.userId,
      details: { alerts: alerts.length, flaggedSessions: flaggedSessions.length },
    });
    return { alerts, flaggedSessions, cases };
  });
}

export interface CaseSupervisionNotes {
  notes: SupervisionNote[];
  /** The case's clinic time zone, in which the notes' times are shown. */
  timeZone: string;
}

export async function listCaseSupervisionNotes(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<CaseSupervisionNotes> {
  return inTransaction(db, async (trx) => {
    if (!(await findCaseAccess(trx, actor, caseId))) throw notFound('Case');
    const notes = await listSupervisionNotes(trx, actor, caseId);
    const timeZone = (await findCaseClinicTimeZone(trx, actor.organizationId, caseId)) ?? 'UTC';
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'supervision-note.list',
      entityType: 'care_case',
      entityId: caseId,
      details: { count: notes.length },
    });
    return { notes, timeZone };
  });
}

/**
 * A supervision note on a case, by its supervisor or one of its therapists (everyone who
 * may read the case may also take part in its supervision conversation).
 */
export async function addSupervisionNote(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  input: { body: string; sessionId?: string | undefined },
  origin: RequestOrigin,
): Promise<SupervisionNote> {
  return inTransaction(db, async (trx) => {
    if (!(await findCaseAccess(trx, actor, caseId))) throw notFound('Case');
    await requireOpenCase(trx, actor.organizationId, caseId);
    if (
      input.sessionId &&
      (await findCaseSessionNumber(trx, actor.organizationId, caseId, input.sessionId)) ===
        undefined
    )
      throw new AppError('validation', 'That session is not part of this case.', [
        { path: 'sessionId', message: 'not a session of this case' },
      ]);
    const id = randomUUID();
    const createdAt = clock().toISOString();
    await insertSupervisionNote(trx, {
      id,
      organization_id: actor.organizationId,
      case_id: caseId,
      author_id: actor.userId,
      session_id: input.sessionId ?? null,
      body: input.body,
      created_at: createdAt,
    });
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'supervision-note.add',
      entityType: 'supervision_note',
      entityId: id,
      details: { caseId, sessionId: input.sessionId ?? null },
    });
    const notes = await listSupervisionNotes(trx, actor, caseId);
    const note = notes.find((n) => n.id === id);
    if (!note) throw new AppError('internal', 'The note was not stored.');
    return note;
  });
}
