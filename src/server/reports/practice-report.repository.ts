import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { AskedForm } from '../../core/reports/completion-report.ts';
import type { ReportAlert } from '../../core/reports/alert-report.ts';
import type { ReportScore } from '../../core/reports/outcome-report.ts';
import { writableCase } from '../access/case-access.repository.ts';
import { clinicalAnswer, clinicalScore } from '../access/study-only-answers.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RapportDatabase } from '../db/database-schema.ts';
import { respondentKey } from '../measurement/questionnaire-request.repository.ts';

/**
 * The practice report's reads (docs/reports.md). Every query is scoped in its own SQL by
 * `reportCase`: the caller's organization, the clinics they report on and, for a therapist,
 * only the cases they are a therapist of. Rows carry ids, times and counts, never answers.
 */
export interface ReportScope {
  organizationId: string;
  /** The clinics reported on (never empty: the service refuses a caller with none). */
  clinicIds: string[];
  /** A therapist's report: only their own cases. Null for an admin's. */
  therapist: StaffActor | null;
}

/** UTC instants that surely hold the period in every clinic's calendar (core dates exactly). */
export interface ReportWindow {
  from: string;
  to: string;
}

const scopeBuilder = expressionBuilder<RapportDatabase>();

/** True when the case (the caller's case id column) is inside the report's scope. */
export function reportCase(
  scope: ReportScope,
  caseId: Expression<string>,
): AliasableExpression<SqlBool> {
  const inClinics = scopeBuilder.exists(
    scopeBuilder
      .selectFrom('care_case as report_case')
      .select('report_case.id')
      .whereRef('report_case.id', '=', caseId)
      .where('report_case.organization_id', '=', scope.organizationId)
      .where('report_case.clinic_id', 'in', scope.clinicIds),
  );
  return scope.therapist
    ? scopeBuilder.and([inClinics, writableCase(scope.therapist, caseId)])
    : inClinics;
}

/** The clinics where the person holds `role`, of their own organization, by name. */
export async function listClinicsWithRole(
  db: Executor,
  actor: StaffActor,
  role: 'admin' | 'therapist',
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('clinic')
    .innerJoin('staff_role', (join) =>
      join
        .onRef('staff_role.clinic_id', '=', 'clinic.id')
        .onRef('staff_role.organization_id', '=', 'clinic.organization_id'),
    )
    .select(['clinic.id', 'clinic.name'])
    .where('clinic.organization_id', '=', actor.organizationId)
    .where('staff_role.staff_user_id', '=', actor.userId)
    .where('staff_role.role', '=', role)
    .orderBy('clinic.name')
    .orderBy('clinic.id')
    .execute();
}

/** A case in the report's scope: its clinic, and the clinic's time zone that dates its rows. */
export interface ReportCase {
  clinicId: string;
  timeZone: string;
}

/** Every case in scope, by id: the other reads name cases, this says where each one is. */
export async function listReportCases(
  db: Executor,
  scope: ReportScope,
): Promise<Map<string, ReportCase>> {
  const rows = await db
    .selectFrom('care_case as rc')
    .innerJoin('clinic as rk', (join) =>
      join
        .onRef('rk.id', '=', 'rc.clinic_id')
        .onRef('rk.organization_id', '=', 'rc.organization_id'),
    )
    .select(['rc.id', 'rc.clinic_id', 'rk.time_zone'])
    .where('rc.organization_id', '=', scope.organizationId)
    .where((eb) => reportCase(scope, eb.ref('rc.id')))
    .execute();
  return new Map(rows.map((r) => [r.id, { clinicId: r.clinic_id, timeZone: r.time_zone }]));
}

/** The requests (links) made in the window, outside revoked ones. */
function scopedRequests(db: Executor, scope: ReportScope, window: ReportWindow) {
  return db
    .selectFrom('questionnaire_request as rq')
    .where('rq.organization_id', '=', scope.organizationId)
    .where('rq.created_at', '>=', window.from)
    .where('rq.created_at', '<', window.to)
    .where('rq.status', '!=', 'revoked')
    .where((eb) => reportCase(scope, eb.ref('rq.case_id')));
}

/** The time zone of a case read in the same transaction (a case outside scope is not read). */
const zoneOf = (cases: ReadonlyMap<string, ReportCase>, caseId: string) =>
  cases.get(caseId)?.timeZone ?? 'UTC';

/**
 * Each form (instrument) of each request made in the window, with when it was answered and
 * when its link was first opened. A
 * form only a study asked is study data and stays out (study-only-answers.repository.ts).
 */
export async function listAskedForms(
  db: Executor,
  scope: ReportScope,
  cases: ReadonlyMap<string, ReportCase>,
  window: ReportWindow,
): Promise<AskedForm[]> {
  const requests = await scopedRequests(db, scope, window)
    .select([
      'rq.id',
      'rq.case_id',
      'rq.respondent_kind',
      'rq.client_id',
      'rq.staff_user_id',
      'rq.instruments',
      'rq.created_at',
      'rq.first_opened_at',
    ])
    .execute();
  const ids = scopedRequests(db, scope, window).select('rq.id');
  const answered = await db
    .selectFrom('questionnaire_response as rr')
    .select(['rr.request_id', 'rr.instrument_id', 'rr.submitted_at'])
    .where('rr.organization_id', '=', scope.organizationId)
    .where('rr.request_id', 'in', ids)
    .where((eb) => clinicalAnswer(eb.ref('rr.request_id'), eb.ref('rr.instrument_id')))
    .execute();
  const studyOnly = await db
    .selectFrom('study_request_item as ri')
    .select(['ri.request_id', 'ri.instrument_id'])
    .where('ri.organization_id', '=', scope.organizationId)
    .where('ri.request_id', 'in', ids)
    .where('ri.also_clinical', '=', 0)
    .execute();
  const key = (requestId: string, instrumentId: string) => `${requestId}|${instrumentId}`;
  const submittedAt = new Map(
    answered.map((a) => [key(a.request_id, a.instrument_id), a.submitted_at]),
  );
  const studyItems = new Set(studyOnly.map((s) => key(s.request_id, s.instrument_id)));
  return requests.flatMap((r) =>
    (JSON.parse(r.instruments) as string[])
      .filter((instrumentId) => !studyItems.has(key(r.id, instrumentId)))
      .map((instrumentId) => ({
        requestId: r.id,
        // The person, not the request's key (an end-of-care request's key is set apart).
        respondentKey: respondentKey(r.respondent_kind, (r.client_id ?? r.staff_user_id)!),
        instrumentId,
        createdAt: r.created_at,
        timeZone: zoneOf(cases, r.case_id),
        submittedAt: submittedAt.get(key(r.id, instrumentId)) ?? null,
        firstOpenedAt: r.first_opened_at,
      })),
  );
}

/** The alerts raised in the window, with the people they are about. */
export async function listReportAlerts(
  db: Executor,
  scope: ReportScope,
  cases: ReadonlyMap<string, ReportCase>,
  window: ReportWindow,
): Promise<ReportAlert[]> {
  const rows = await db
    .selectFrom('alert as ra')
    .select([
      'ra.case_id',
      'ra.type',
      'ra.created_at',
      'ra.acknowledged_at',
      'ra.resolved_at',
      'ra.respondent_ids',
    ])
    .where('ra.organization_id', '=', scope.organizationId)
    .where('ra.created_at', '>=', window.from)
    .where('ra.created_at', '<', window.to)
    .where((eb) => reportCase(scope, eb.ref('ra.case_id')))
    .execute();
  return rows.map((r) => {
    const respondents = JSON.parse(r.respondent_ids) as string[];
    return {
      type: r.type,
      createdAt: r.created_at,
      timeZone: zoneOf(cases, r.case_id),
      acknowledgedAt: r.acknowledged_at,
      resolvedAt: r.resolved_at,
      people: respondents.length > 0 ? respondents : [`case:${r.case_id}`],
    };
  });
}

/**
 * Clients' total scores on `instrumentIds` at sessions that started before the window's end
 * (the first score may be long before the period), clinical records only.
 */
export async function listReportScores(
  db: Executor,
  scope: ReportScope,
  cases: ReadonlyMap<string, ReportCase>,
  instrumentIds: readonly string[],
  before: string,
): Promise<ReportScore[]> {
  if (instrumentIds.length === 0) return [];
  const rows = await db
    .selectFrom('score as rs')
    .innerJoin('therapy_session as rt', (join) =>
      join
        .onRef('rt.id', '=', 'rs.session_id')
        .onRef('rt.organization_id', '=', 'rs.organization_id'),
    )
    .select([
      'rs.case_id',
      'rs.client_id',
      'rs.instrument_id',
      'rs.session_number',
      'rt.starts_at',
      'rs.value',
    ])
    .where('rs.organization_id', '=', scope.organizationId)
    .where('rs.respondent_kind', '=', 'client')
    .where('rs.scale_id', '=', 'total')
    .where('rs.value', 'is not', null)
    .where('rs.instrument_id', 'in', instrumentIds)
    .where('rt.starts_at', '<', before)
    .where((eb) => reportCase(scope, eb.ref('rs.case_id')))
    .where((eb) => clinicalScore(eb.ref('rs.response_id')))
    .execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    clientId: r.client_id!,
    clinicId: cases.get(r.case_id)?.clinicId ?? '',
    instrumentId: r.instrument_id,
    sessionNumber: Number(r.session_number),
    sessionStartsAt: r.starts_at,
    timeZone: zoneOf(cases, r.case_id),
    // PostgreSQL's numerics may arrive as strings.
    value: Number(r.value),
  }));
}

/**
 * The therapists of the cases in scope, by case (a therapist's report: only themselves), for
 * the per-therapist rows.
 */
export async function listReportTherapists(
  db: Executor,
  scope: ReportScope,
): Promise<{ caseId: string; staffUserId: string; displayName: string }[]> {
  let query = db
    .selectFrom('case_therapist as rct')
    .innerJoin('staff_user as ru', (join) =>
      join
        .onRef('ru.id', '=', 'rct.staff_user_id')
        .onRef('ru.organization_id', '=', 'rct.organization_id'),
    )
    .select(['rct.case_id', 'rct.staff_user_id', 'ru.display_name'])
    .where('rct.organization_id', '=', scope.organizationId)
    .where((eb) => reportCase(scope, eb.ref('rct.case_id')));
  if (scope.therapist) query = query.where('rct.staff_user_id', '=', scope.therapist.userId);
  const rows = await query.execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    staffUserId: r.staff_user_id,
    displayName: r.display_name,
  }));
}
