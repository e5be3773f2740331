import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../../core/app-error.ts';
import { findCaseAccess } from '../access/case-access.repository.ts';
import { requireOpenCase } from '../cases/require-open-case.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import type {
  RepairStrategy,
  RuptureMarker,
  RuptureOutcome,
} from '../../core/repairs/repair-vocabulary.ts';
import {
  type RuptureEvent,
  alertBelongsToCase,
  findCaseSessionNumber,
  insertRuptureEvent,
  listRuptureEventsForCase,
  ruptureEventToRow,
} from './rupture-event.repository.ts';

export interface NewRuptureEvent {
  sessionId: string;
  markers: RuptureMarker[];
  strategies: RepairStrategy[];
  description: string;
  outcome: RuptureOutcome;
  alertId?: string | undefined;
  flaggedForSupervision: boolean;
}

/**
 * A therapist records a rupture and its repair (docs/methods.md: the type of a rupture is what
 * the therapist saw; a score drop cannot tell it). Only the case's therapists record;
 * the session and the alert, if any, must be the case's own.
 */
export async function recordRuptureEvent(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  input: NewRuptureEvent,
  origin: RequestOrigin,
): Promise<RuptureEvent> {
  return inTransaction(db, async (trx) => {
    const access = await findCaseAccess(trx, actor, caseId);
    if (!access) throw notFound('Case');
    if (access !== 'write')
      throw new AppError('forbidden', "Only the case's therapists can record a rupture.");
    await requireOpenCase(trx, actor.organizationId, caseId);
    const sessionNumber = await findCaseSessionNumber(
      trx,
      actor.organizationId,
      caseId,
      input.sessionId,
    );
    if (sessionNumber === undefined)
      throw new AppError('validation', 'That session is not part of this case.', [
        { path: 'sessionId', message: 'not a session of this case' },
      ]);
    if (
      input.alertId &&
      !(await alertBelongsToCase(trx, actor.organizationId, caseId, input.alertId))
    )
      throw new AppError('validation', 'That alert is not part of this case.', [
        { path: 'alertId', message: 'not an alert of this case' },
      ]);
    const event: RuptureEvent = {
      id: randomUUID(),
      caseId,
      sessionId: input.sessionId,
      sessionNumber,
      alertId: input.alertId ?? null,
      recordedBy: actor.userId,
      markers: [...new Set(input.markers)],
      strategies: [...new Set(input.strategies)],
      description: input.description,
      outcome: input.outcome,
      flaggedForSupervision: input.flaggedForSupervision,
      createdAt: clock().toISOString(),
    };
    await insertRuptureEvent(trx, ruptureEventToRow(actor.organizationId, event));
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'rupture-event.record',
      entityType: 'rupture_event',
      entityId: event.id,
      details: {
        caseId,
        sessionId: input.sessionId,
        alertId: event.alertId,
        flaggedForSupervision: event.flaggedForSupervision,
      },
    });
    return event;
  });
}

/** A case's rupture events for its therapists and their supervisors; audited as a read. */
export async function listRuptureEvents(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<RuptureEvent[]> {
  return inTransaction(db, async (trx) => {
    const access = await findCaseAccess(trx, actor, caseId);
    if (!access) throw notFound('Case');
    const events = await listRuptureEventsForCase(trx, actor, caseId);
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'rupture-event.list',
      entityType: 'care_case',
      entityId: caseId,
      details: { count: events.length },
    });
    return events;
  });
}
