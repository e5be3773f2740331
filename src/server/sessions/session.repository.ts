import { sql } from 'kysely';
import {
  type CaseAccess,
  readableCase,
  sqlTrue,
  writableCase,
} from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
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

/** A case's sessions with no one's access applied: for the alert engine (the system). */
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

/** A case's sessions, when the actor may read the case (none otherwise). */
export async function listReadableSessionsForCase(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<TherapySession[]> {
  const rows = await db
    .selectFrom('therapy_session')
    .selectAll()
    .where('organization_id', '=', actor.organizationId)
    .where('case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('therapy_session.case_id')))
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

/** The case's attended session with the highest number, if any: where end-of-care forms go. */
export async function findLastAttendedSession(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<TherapySession | undefined> {
  const row = await db
    .selectFrom('therapy_session')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('attendance', '=', 'attended')
    .orderBy('number', 'desc')
    .limit(1)
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

/** A session as its case's therapists and their supervisors see it, with the caller's access. */
export interface SessionDetail extends TherapySession {
  caseReference: string;
  clinicId: string;
  clinicTimeZone: string;
  interpreterName: string | null;
  access: CaseAccess;
}

/**
 * One session with the caller's access to it, decided in SQL: 'write' for the case's
 * therapists, 'read' for their supervisors, undefined for everyone else (and other
 * organizations), so the route answers 404 without learning more.
 */
export async function findSessionForActor(
  db: Executor,
  actor: StaffActor,
  sessionId: string,
): Promise<SessionDetail | undefined> {
  const row = await db
    .selectFrom('therapy_session as s')
    .innerJoin('care_case as c', (join) =>
      join.onRef('c.id', '=', 's.case_id').onRef('c.organization_id', '=', 's.organization_id'),
    )
    .innerJoin('clinic as k', 'k.id', 'c.clinic_id')
    .leftJoin('interpreter as i', (join) =>
      join
        .onRef('i.id', '=', 's.interpreter_id')
        .onRef('i.organization_id', '=', 's.organization_id'),
    )
    .selectAll('s')
    .select((eb) => [
      'c.reference as case_reference',
      'c.clinic_id as clinic_id',
      'k.time_zone as clinic_time_zone',
      'i.display_name as interpreter_name',
      writableCase(actor, eb.ref('c.id')).as('can_write'),
    ])
    .where('s.organization_id', '=', actor.organizationId)
    .where('s.id', '=', sessionId)
    .where((eb) => readableCase(actor, eb.ref('c.id')))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...sessionRowToSession(row),
    caseReference: row.case_reference,
    clinicId: row.clinic_id,
    clinicTimeZone: row.clinic_time_zone,
    interpreterName: row.interpreter_name,
    access: sqlTrue(row.can_write) ? 'write' : 'read',
  };
}

/**
 * Adds a session as the next in its case's sequence. The number is computed inside the
 * INSERT itself; the unique (case_id, number) constraint turns a race between two writers
 * into an error the service retries, never into two sessions with one number.
 */
export async function insertNextSession(
  db: Executor,
  session: Omit<TherapySession, 'number'>,
  now: string,
): Promise<number> {
  const result = await db
    .insertInto('therapy_session')
    .columns([
      'id',
      'organization_id',
      'case_id',
      'number',
      'starts_at',
      'ends_at',
      'attendance',
      'modality',
      'language',
      'interpreter_id',
      'created_at',
      'updated_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('care_case')
        .select((s) => [
          s.val(session.id).as('id'),
          s.val(session.organizationId).as('organization_id'),
          s.val(session.caseId).as('case_id'),
          s
            .selectFrom('therapy_session')
            .select(
              sql<number>`coalesce(max(${sql.ref('therapy_session.number')}), 0) + 1`.as('next'),
            )
            .where('therapy_session.case_id', '=', session.caseId)
            .where('therapy_session.organization_id', '=', session.organizationId)
            .as('number'),
          s.val(session.startsAt).as('starts_at'),
          s.val(session.endsAt).as('ends_at'),
          s.val(session.attendance).as('attendance'),
          s.val(session.modality).as('modality'),
          s.val(session.language).as('language'),
          s.val(session.interpreterId).as('interpreter_id'),
          s.val(now).as('created_at'),
          s.val(now).as('updated_at'),
        ])
        .where('care_case.id', '=', session.caseId)
        .where('care_case.organization_id', '=', session.organizationId),
    )
    .returning('number')
    .executeTakeFirstOrThrow();
  return Number(result.number);
}

export interface SessionChanges {
  startsAt?: string;
  endsAt?: string;
  modality?: Modality;
  language?: string;
  interpreterId?: string | null;
}

export async function updateSessionDetails(
  db: Executor,
  organizationId: string,
  id: string,
  changes: SessionChanges,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('therapy_session')
    .set({
      ...(changes.startsAt !== undefined && { starts_at: changes.startsAt }),
      ...(changes.endsAt !== undefined && { ends_at: changes.endsAt }),
      ...(changes.modality !== undefined && { modality: changes.modality }),
      ...(changes.language !== undefined && { language: changes.language }),
      ...(changes.interpreterId !== undefined && { interpreter_id: changes.interpreterId }),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * What an interpreter may know of a session they are assigned to — its practical details:
 * when, where (the clinic), how, which language, with which therapist, which case.
 */
export interface InterpreterSession {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  clinicName: string;
  clinicTimeZone: string;
  modality: Modality;
  language: string;
  attendance: Attendance;
  caseReference: string;
  therapists: string[];
}

/** The sessions assigned to the interpreter whose staff account is `staffUserId`. */
export async function listSessionsForInterpreter(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<InterpreterSession[]> {
  const rows = await db
    .selectFrom('therapy_session as s')
    .innerJoin('interpreter as i', (join) =>
      join
        .onRef('i.id', '=', 's.interpreter_id')
        .onRef('i.organization_id', '=', 's.organization_id'),
    )
    .innerJoin('care_case as c', (join) =>
      join.onRef('c.id', '=', 's.case_id').onRef('c.organization_id', '=', 's.organization_id'),
    )
    .innerJoin('clinic as k', 'k.id', 'c.clinic_id')
    .select([
      's.id',
      's.number',
      's.starts_at',
      's.ends_at',
      's.modality',
      's.language',
      's.attendance',
      's.case_id',
      'c.reference',
      'k.name',
      'k.time_zone',
    ])
    .where('s.organization_id', '=', organizationId)
    .where('i.staff_user_id', '=', staffUserId)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
  const caseIds = [...new Set(rows.map((r) => r.case_id))];
  const therapists =
    caseIds.length === 0
      ? []
      : await db
          .selectFrom('case_therapist as ct')
          .innerJoin('staff_user as u', 'u.id', 'ct.staff_user_id')
          .select(['ct.case_id', 'u.display_name'])
          .where('ct.organization_id', '=', organizationId)
          .where('ct.case_id', 'in', caseIds)
          .orderBy('ct.is_primary', 'desc')
          .orderBy('u.display_name')
          .execute();
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    clinicName: r.name,
    clinicTimeZone: r.time_zone,
    modality: r.modality,
    language: r.language,
    attendance: r.attendance,
    caseReference: r.reference,
    therapists: therapists.filter((t) => t.case_id === r.case_id).map((t) => t.display_name),
  }));
}
