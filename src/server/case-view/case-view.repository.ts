import {
  type CaseAccess,
  readableCase,
  sqlTrue,
  writableCase,
} from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type {
  Attendance,
  CaseStatus,
  CaseType,
  Modality,
  RequestOccasion,
  RequestStatus,
  RespondentKind,
} from '../db/database-schema.ts';

/**
 * Reads for one case's page. Each query applies the actor's case access itself
 * (`readableCase`), so a case the actor may not read gives no rows, whoever calls.
 */

export interface CaseHeaderRow {
  id: string;
  reference: string;
  type: CaseType;
  status: CaseStatus;
  presentingConcerns: string[];
  openedAt: string;
  closedAt: string | null;
  clinicName: string;
  timeZone: string;
}

/** The case with the actor's access to it; undefined when the actor may not read it. */
export async function findCaseHeader(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<(CaseHeaderRow & { access: CaseAccess }) | undefined> {
  const row = await db
    .selectFrom('care_case')
    .innerJoin('clinic', (join) =>
      join
        .onRef('clinic.id', '=', 'care_case.clinic_id')
        .onRef('clinic.organization_id', '=', 'care_case.organization_id'),
    )
    .select((eb) => [
      'care_case.id',
      'care_case.reference',
      'care_case.type',
      'care_case.status',
      'care_case.presenting_concerns',
      'care_case.opened_at',
      'care_case.closed_at',
      'clinic.name as clinic_name',
      'clinic.time_zone',
      writableCase(actor, eb.ref('care_case.id')).as('can_write'),
    ])
    .where('care_case.organization_id', '=', actor.organizationId)
    .where('care_case.id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('care_case.id')))
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      reference: row.reference,
      type: row.type,
      status: row.status,
      presentingConcerns: JSON.parse(row.presenting_concerns) as string[],
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      clinicName: row.clinic_name,
      timeZone: row.time_zone,
      // 'write' for the case's therapists, 'read' for their supervisors.
      access: sqlTrue(row.can_write) ? 'write' : 'read',
    }
  );
}

export interface CaseSessionRow {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  attendance: Attendance;
  modality: Modality;
  language: string;
  interpreterName: string | null;
}

export async function listCaseSessions(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<CaseSessionRow[]> {
  const rows = await db
    .selectFrom('therapy_session')
    .leftJoin('interpreter', (join) =>
      join
        .onRef('interpreter.id', '=', 'therapy_session.interpreter_id')
        .onRef('interpreter.organization_id', '=', 'therapy_session.organization_id'),
    )
    .select([
      'therapy_session.id',
      'therapy_session.number',
      'therapy_session.starts_at',
      'therapy_session.ends_at',
      'therapy_session.attendance',
      'therapy_session.modality',
      'therapy_session.language',
      'interpreter.display_name as interpreter_name',
    ])
    .where('therapy_session.organization_id', '=', actor.organizationId)
    .where('therapy_session.case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('therapy_session.case_id')))
    .orderBy('therapy_session.number')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: Number(row.number),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    attendance: row.attendance,
    modality: row.modality,
    language: row.language,
    interpreterName: row.interpreter_name,
  }));
}

export interface CaseRequestRow {
  sessionId: string;
  respondentKind: RespondentKind;
  respondentId: string;
  instruments: string[];
  status: RequestStatus;
  expiresAt: string;
  completedAt: string | null;
  occasion: RequestOccasion;
}

/** Every questionnaire request of the case (never the token hash). */
export async function listCaseRequests(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<CaseRequestRow[]> {
  const rows = await db
    .selectFrom('questionnaire_request')
    .select([
      'session_id',
      'respondent_kind',
      'client_id',
      'staff_user_id',
      'instruments',
      'status',
      'expires_at',
      'completed_at',
      'occasion',
    ])
    .where('organization_id', '=', actor.organizationId)
    .where('case_id', '=', caseId)
    .where((eb) => readableCase(actor, eb.ref('questionnaire_request.case_id')))
    .orderBy('session_id')
    .orderBy('respondent_kind')
    .orderBy('respondent_key')
    .execute();
  return rows.map((row) => ({
    sessionId: row.session_id,
    respondentKind: row.respondent_kind,
    respondentId: (row.client_id ?? row.staff_user_id)!,
    instruments: JSON.parse(row.instruments) as string[],
    status: row.status,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
    occasion: row.occasion,
  }));
}
