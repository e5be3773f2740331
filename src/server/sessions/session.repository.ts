import type { Executor } from '../db/database.ts';
import type { Attendance, Modality, SessionTable } from '../db/database-schema.ts';

export interface TherapySession {
  id: string;
  organizationId: string;
  caseId: string;
  number: number;
  startsAt: string;
  endsAt: string;
  attendance: Attendance;
  modality: Modality;
  language: string;
  interpreterId: string | null;
}

export const sessionToRow = (s: TherapySession, now: string): SessionTable => ({
  id: s.id,
  organization_id: s.organizationId,
  case_id: s.caseId,
  number: s.number,
  starts_at: s.startsAt,
  ends_at: s.endsAt,
  attendance: s.attendance,
  modality: s.modality,
  language: s.language,
  interpreter_id: s.interpreterId,
  created_at: now,
  updated_at: now,
});

const sessionRowToSession = (row: SessionTable): TherapySession => ({
  id: row.id,
  organizationId: row.organization_id,
  caseId: row.case_id,
  number: Number(row.number),
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  attendance: row.attendance,
  modality: row.modality,
  language: row.language,
  interpreterId: row.interpreter_id,
});

export async function insertSessions(db: Executor, rows: SessionTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('therapy_session').values(rows).execute();
}

export async function listSessionsForCase(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<TherapySession[]> {
  const rows = await db
    .selectFrom('therapy_session')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .orderBy('number')
    .execute();
  return rows.map(sessionRowToSession);
}

export async function findSession(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<TherapySession | undefined> {
  const row = await db
    .selectFrom('therapy_session')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && sessionRowToSession(row);
}

/** Returns false when no session of this organization has that id (nothing changed). */
export async function updateSessionAttendance(
  db: Executor,
  organizationId: string,
  id: string,
  attendance: Attendance,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('therapy_session')
    .set({ attendance, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countSessions(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('therapy_session')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
