import { readableCase } from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RuptureEventTable } from '../db/database-schema.ts';
import type {
  RepairStrategy,
  RuptureMarker,
  RuptureOutcome,
} from '../../core/repairs/repair-vocabulary.ts';

export interface RuptureEvent {
  id: string;
  caseId: string;
  sessionId: string;
  sessionNumber: number;
  alertId: string | null;
  recordedBy: string;
  markers: RuptureMarker[];
  strategies: RepairStrategy[];
  /** What happened: clinical free text, never logged. */
  description: string;
  outcome: RuptureOutcome;
  flaggedForSupervision: boolean;
  createdAt: string;
}

export const ruptureEventToRow = (
  organizationId: string,
  e: Omit<RuptureEvent, 'sessionNumber'>,
): RuptureEventTable => ({
  id: e.id,
  organization_id: organizationId,
  case_id: e.caseId,
  session_id: e.sessionId,
  alert_id: e.alertId,
  recorded_by: e.recordedBy,
  markers: JSON.stringify(e.markers),
  strategies: JSON.stringify(e.strategies),
  description: e.description,
  outcome: e.outcome,
  flagged_for_supervision: e.flaggedForSupervision ? 1 : 0,
  created_at: e.createdAt,
});

const rowToRuptureEvent = (row: RuptureEventTable & { session_number: number }): RuptureEvent => ({
  id: row.id,
  caseId: row.case_id,
  sessionId: row.session_id,
  sessionNumber: Number(row.session_number),
  alertId: row.alert_id,
  recordedBy: row.recorded_by,
  markers: JSON.parse(row.markers) as RuptureMarker[],
  strategies: JSON.parse(row.strategies) as RepairStrategy[],
  description: row.description,
  outcome: row.outcome,
  flaggedForSupervision: Number(row.flagged_for_supervision) === 1,
  createdAt: row.created_at,
});

export async function insertRuptureEvent(db: Executor, row: RuptureEventTable): Promise<void> {
  await db.insertInto('rupture_event').values(row).execute();
}

/** The rupture events of a case the actor may read, newest first. */
export async function listRuptureEventsForCase(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<RuptureEvent[]> {
  const rows = await db
    .selectFrom('rupture_event')
    .innerJoin('therapy_session', 'therapy_session.id', 'rupture_event.session_id')
    .selectAll('rupture_event')
    .select('therapy_session.number as session_number')
    .where('rupture_event.organization_id', '=', actor.organizationId)
    .where('therapy_session.organization_id', '=', actor.organizationId)
    .where('rupture_event.case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('rupture_event.case_id')))
    .orderBy('rupture_event.created_at', 'desc')
    .orderBy('rupture_event.id')
    .execute();
  return rows.map(rowToRuptureEvent);
}

/** The number of a session of this case, or undefined when it is not one of the case's. */
export async function findCaseSessionNumber(
  db: Executor,
  organizationId: string,
  caseId: string,
  sessionId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('therapy_session')
    .select('number')
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row && Number(row.number);
}

/** Whether the alert belongs to this case. */
export async function alertBelongsToCase(
  db: Executor,
  organizationId: string,
  caseId: string,
  alertId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('alert')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('id', '=', alertId)
    .executeTakeFirst();
  return row !== undefined;
}
