import type { Executor } from '../db/database.ts';
import type {
  Attendance,
  CaseStatus,
  CaseType,
  Modality,
  RequestStatus,
  RespondentKind,
} from '../db/database-schema.ts';

/**
 * Reads for one case's page. The route has already checked the actor's access with
 * findCaseAccess; every query here is still scoped by organization and case in its SQL.
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

export async function findCaseHeader(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<CaseHeaderRow | undefined> {
  const row = await db
    .selectFrom('care_case')
    .innerJoin('clinic', (join) =>
      join
        .onRef('clinic.id', '=', 'care_case.clinic_id')
        .onRef('clinic.organization_id', '=', 'care_case.organization_id'),
    )
    .select([
      'care_case.id',
      'care_case.reference',
      'care_case.type',
      'care_case.status',
      'care_case.presenting_concerns',
      'care_case.opened_at',
      'care_case.closed_at',
      'clinic.name as clinic_name',
      'clinic.time_zone',
    ])
    .where('care_case.organization_id', '=', organizationId)
    .where('care_case.id', '=', caseId)
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
  organizationId: string,
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
    .where('therapy_session.organization_id', '=', organizationId)
    .where('therapy_session.case_id', '=', caseId)
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
}

/** Every questionnaire request of the case (never the token hash). */
export async function listCaseRequests(
  db: Executor,
  organizationId: string,
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
    ])
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
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
  }));
}
