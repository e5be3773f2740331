import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Insertable, Selectable } from 'kysely';
import type { ExportDateHandling } from '../../../core/research/export/export-settings.ts';
import { type Executor, isPostgres } from '../../db/database.ts';
import type { StudyMeasureTable, StudyTable } from '../../db/database-schema.ts';

// Studies as their team sees them. Every read goes through `studyOfTeam`, so a study the
// actor is not on the team of is not found, even by id (docs/access-policy.md, "Research").

export interface StudyRecord {
  id: string;
  organizationId: string;
  title: string;
  protocolSummary: string;
  principalInvestigator: string;
  ethicsReference: string;
  ethicsApprovedOn: string | null;
  status: StudyTable['status'];
  withdrawalPolicy: StudyTable['withdrawal_policy'];
  therapistAllianceInstrumentId: string | null;
  reconsentBelowVersion: number | null;
  recordingRetentionDays: number | null;
  minCellSize: number;
  exportDates: ExportDateHandling;
  exportFreeText: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface StudyClinicRecord {
  clinicId: string;
  name: string;
  targetEnrolment: number;
}

export interface StudyTeamRecord {
  staffUserId: string;
  displayName: string;
  senior: boolean;
}

export interface StudyMeasureRecord {
  id: string;
  instrumentId: string;
  respondent: StudyMeasureTable['respondent'];
  timing: StudyMeasureTable['timing'];
  sessionNumbers: number[];
  options: Record<string, unknown> | null;
  position: number;
}

const studyRowToStudy = (row: Selectable<StudyTable>): StudyRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  title: row.title,
  protocolSummary: row.protocol_summary,
  principalInvestigator: row.principal_investigator,
  ethicsReference: row.ethics_reference,
  ethicsApprovedOn: row.ethics_approved_on,
  status: row.status,
  withdrawalPolicy: row.withdrawal_policy,
  therapistAllianceInstrumentId: row.therapist_alliance_instrument_id,
  reconsentBelowVersion: row.reconsent_below_version,
  recordingRetentionDays: row.recording_retention_days,
  minCellSize: row.min_cell_size,
  exportDates: row.export_dates,
  exportFreeText: row.export_free_text === 1,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const studyToRow = (study: StudyRecord): Insertable<StudyTable> => ({
  id: study.id,
  organization_id: study.organizationId,
  title: study.title,
  protocol_summary: study.protocolSummary,
  principal_investigator: study.principalInvestigator,
  ethics_reference: study.ethicsReference,
  ethics_approved_on: study.ethicsApprovedOn,
  status: study.status,
  withdrawal_policy: study.withdrawalPolicy,
  therapist_alliance_instrument_id: study.therapistAllianceInstrumentId,
  reconsent_below_version: study.reconsentBelowVersion,
  recording_retention_days: study.recordingRetentionDays,
  min_cell_size: study.minCellSize,
  export_dates: study.exportDates,
  export_free_text: study.exportFreeText ? 1 : 0,
  created_by: study.createdBy,
  created_at: study.createdAt,
  updated_at: study.updatedAt,
});

const measureRowToMeasure = (row: StudyMeasureTable): StudyMeasureRecord => ({
  id: row.id,
  instrumentId: row.instrument_id,
  respondent: row.respondent,
  timing: row.timing,
  sessionNumbers: JSON.parse(row.session_numbers) as number[],
  options: row.options === null ? null : (JSON.parse(row.options) as Record<string, unknown>),
  position: row.position,
});

export async function insertStudy(db: Executor, study: StudyRecord): Promise<void> {
  await db.insertInto('study').values(studyToRow(study)).execute();
}

/** Writes the study's own columns (not its clinics, team or measures). */
export async function updateStudy(db: Executor, study: StudyRecord): Promise<void> {
  const row = studyToRow(study);
  await db
    .updateTable('study')
    .set({
      title: row.title,
      protocol_summary: row.protocol_summary,
      principal_investigator: row.principal_investigator,
      ethics_reference: row.ethics_reference,
      ethics_approved_on: row.ethics_approved_on,
      status: row.status,
      withdrawal_policy: row.withdrawal_policy,
      therapist_alliance_instrument_id: row.therapist_alliance_instrument_id,
      reconsent_below_version: row.reconsent_below_version,
      recording_retention_days: row.recording_retention_days,
      updated_at: row.updated_at,
    })
    .where('organization_id', '=', row.organization_id)
    .where('id', '=', row.id)
    .execute();
}

/** A study whose team the actor is on; undefined otherwise (404 to the caller). */
export async function findStudyForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  options: { lock?: boolean } = {},
): Promise<StudyRecord | undefined> {
  const row = await db
    .selectFrom('study')
    .selectAll('study')
    .where('study.organization_id', '=', actor.organizationId)
    .where('study.id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('study.id')))
    .$if(options.lock === true && isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();
  return row && studyRowToStudy(row);
}

/**
 * A study by id in any organization: for the operator's CLI only (`rapport export study`),
 * which runs on the machine with the database and answers to no team.
 */
export async function findStudyForOperator(
  db: Executor,
  studyId: string,
): Promise<StudyRecord | undefined> {
  const row = await db.selectFrom('study').selectAll().where('id', '=', studyId).executeTakeFirst();
  return row && studyRowToStudy(row);
}

export interface StudySummaryRecord extends StudyRecord {
  participants: number;
}

/** The studies whose team the actor is on, newest change first, with participant counts. */
export async function listStudiesForTeam(
  db: Executor,
  actor: StaffActor,
): Promise<StudySummaryRecord[]> {
  const rows = await db
    .selectFrom('study')
    .selectAll('study')
    .select((eb) =>
      eb
        .selectFrom('study_participant')
        .select((c) => c.fn.countAll().as('n'))
        .where('study_participant.organization_id', '=', actor.organizationId)
        .whereRef('study_participant.study_id', '=', 'study.id')
        .as('participants'),
    )
    .where('study.organization_id', '=', actor.organizationId)
    .where((eb) => studyOfTeam(actor, eb.ref('study.id')))
    .orderBy('study.updated_at', 'desc')
    .orderBy('study.id')
    .execute();
  return rows.map((row) => ({
    ...studyRowToStudy(row),
    // PostgreSQL's count() is a bigint, returned as a string.
    participants: Number(row.participants ?? 0),
  }));
}

export async function listStudyClinics(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<StudyClinicRecord[]> {
  const rows = await db
    .selectFrom('study_clinic')
    .innerJoin('clinic', 'clinic.id', 'study_clinic.clinic_id')
    .select(['study_clinic.clinic_id', 'clinic.name', 'study_clinic.target_enrolment'])
    .where('study_clinic.organization_id', '=', organizationId)
    .where('clinic.organization_id', '=', organizationId)
    .where('study_clinic.study_id', '=', studyId)
    .orderBy('clinic.name')
    .execute();
  return rows.map((r) => ({
    clinicId: r.clinic_id,
    name: r.name,
    targetEnrolment: r.target_enrolment,
  }));
}

/** Replaces the study's clinics; a clinic that already has participants must stay. */
export async function replaceStudyClinics(
  db: Executor,
  organizationId: string,
  studyId: string,
  clinics: { clinicId: string; targetEnrolment: number }[],
): Promise<void> {
  await db
    .deleteFrom('study_clinic')
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .execute();
  if (clinics.length > 0)
    await db
      .insertInto('study_clinic')
      .values(
        clinics.map((c) => ({
          organization_id: organizationId,
          study_id: studyId,
          clinic_id: c.clinicId,
          target_enrolment: c.targetEnrolment,
        })),
      )
      .execute();
}

/** Clinics of the study that have participants (they cannot leave the study). */
export async function listClinicsWithParticipants(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('study_participant')
    .select('clinic_id')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .execute();
  return rows.map((r) => r.clinic_id);
}

export async function listStudyTeam(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<StudyTeamRecord[]> {
  const rows = await db
    .selectFrom('study_team_member')
    .innerJoin('staff_user', 'staff_user.id', 'study_team_member.staff_user_id')
    .select(['study_team_member.staff_user_id', 'staff_user.display_name', 'is_senior'])
    .where('study_team_member.organization_id', '=', organizationId)
    .where('staff_user.organization_id', '=', organizationId)
    .where('study_team_member.study_id', '=', studyId)
    .orderBy('staff_user.display_name')
    .orderBy('study_team_member.staff_user_id')
    .execute();
  return rows.map((r) => ({
    staffUserId: r.staff_user_id,
    displayName: r.display_name,
    senior: r.is_senior === 1,
  }));
}

export async function replaceStudyTeam(
  db: Executor,
  organizationId: string,
  studyId: string,
  team: { staffUserId: string; senior: boolean }[],
): Promise<void> {
  await db
    .deleteFrom('study_team_member')
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .execute();
  if (team.length > 0)
    await db
      .insertInto('study_team_member')
      .values(
        team.map((m) => ({
          organization_id: organizationId,
          study_id: studyId,
          staff_user_id: m.staffUserId,
          is_senior: m.senior ? 1 : 0,
        })),
      )
      .execute();
}

/** Active staff of the organization who hold the researcher role at some clinic. */
export async function listResearchers(
  db: Executor,
  organizationId: string,
): Promise<{ id: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('staff_user')
    .select(['staff_user.id', 'staff_user.display_name'])
    .where('staff_user.organization_id', '=', organizationId)
    .where('staff_user.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('staff_role')
          .select('staff_role.staff_user_id')
          .where('staff_role.organization_id', '=', organizationId)
          .whereRef('staff_role.staff_user_id', '=', 'staff_user.id')
          .where('staff_role.role', '=', 'researcher'),
      ),
    )
    .orderBy('staff_user.display_name')
    .orderBy('staff_user.id')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

export async function listStudyMeasures(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<StudyMeasureRecord[]> {
  const rows = await db
    .selectFrom('study_measure')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(measureRowToMeasure);
}

/** Ids of the study's measures that a questionnaire request has already asked for. */
export async function listAskedMeasureIds(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('study_request_item')
    .select('measure_id')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .execute();
  return new Set(rows.map((r) => r.measure_id));
}

export async function deleteStudyMeasures(
  db: Executor,
  organizationId: string,
  studyId: string,
  measureIds: string[],
): Promise<void> {
  if (measureIds.length === 0) return;
  await db
    .deleteFrom('study_measure')
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .where('id', 'in', measureIds)
    .execute();
}

/** Inserts a measure, or rewrites one of this study with the same id. */
export async function saveStudyMeasure(
  db: Executor,
  organizationId: string,
  studyId: string,
  measure: StudyMeasureRecord,
  isNew: boolean,
): Promise<void> {
  const row = {
    instrument_id: measure.instrumentId,
    respondent: measure.respondent,
    timing: measure.timing,
    session_numbers: JSON.stringify(measure.sessionNumbers),
    options: measure.options === null ? null : JSON.stringify(measure.options),
    position: measure.position,
  };
  if (isNew)
    await db
      .insertInto('study_measure')
      .values({ id: measure.id, organization_id: organizationId, study_id: studyId, ...row })
      .execute();
  else
    await db
      .updateTable('study_measure')
      .set(row)
      .where('organization_id', '=', organizationId)
      .where('study_id', '=', studyId)
      .where('id', '=', measure.id)
      .execute();
}
