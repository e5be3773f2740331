import type { StaffActor } from '../../auth/staff-actor.ts';
import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { Executor } from '../../db/database.ts';
import type { StudyExportTable } from '../../db/database-schema.ts';
import { listResponseScores, studyItemsWithAnswers } from '../study-data/study-data.repository.ts';

// What a study export reads and records. Only consenting participants who have not
// withdrawn (status consented or completed) are ever read; their forms are those the study
// asked (study_request_item), answered before the export began.

export interface ExportParticipant {
  id: string;
  role: 'client' | 'therapist';
  shiftDays: number | null;
}

/** The study's participants an export may hold: consented or completed, never the others. */
export async function listExportParticipants(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<ExportParticipant[]> {
  const rows = await db
    .selectFrom('study_participant')
    .select(['id', 'role', 'export_shift_days'])
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .where('status', 'in', ['consented', 'completed'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, shiftDays: r.export_shift_days }));
}

/** Stores a participant's shift unless one is stored already; gives the one that holds. */
export async function keepShiftDays(
  db: Executor,
  organizationId: string,
  participantId: string,
  shiftDays: number,
): Promise<number> {
  await db
    .updateTable('study_participant')
    .set({ export_shift_days: shiftDays })
    .where('organization_id', '=', organizationId)
    .where('id', '=', participantId)
    .where('export_shift_days', 'is', null)
    .execute();
  const row = await db
    .selectFrom('study_participant')
    .select('export_shift_days')
    .where('organization_id', '=', organizationId)
    .where('id', '=', participantId)
    .executeTakeFirstOrThrow();
  return row.export_shift_days!;
}

export interface ExportResponseRow {
  participantId: string;
  sessionNumber: number;
  sessionStartsAt: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: Record<string, unknown>;
  scores: { scaleId: string; value: number | null }[];
}

/**
 * The answered study forms of some participants (one page of the export), by participant,
 * session and instrument, with their scores. Answers submitted after `cutoff` (the export's
 * start) are left for the next export, so every file of one ZIP shows the same moment.
 */
export async function listExportResponses(
  db: Executor,
  organizationId: string,
  studyId: string,
  participantIds: string[],
  cutoff: string,
): Promise<ExportResponseRow[]> {
  if (participantIds.length === 0) return [];
  const rows = await studyItemsWithAnswers(db, organizationId)
    .select([
      'i.participant_id',
      't.number',
      't.starts_at',
      'i.instrument_id',
      'r.id as response_id',
      'r.instrument_version',
      'r.answers',
    ])
    .where('i.study_id', '=', studyId)
    .where('i.participant_id', 'in', participantIds)
    .where('r.id', 'is not', null)
    .where('r.submitted_at', '<=', cutoff)
    .orderBy('i.participant_id')
    .orderBy('t.number')
    .orderBy('i.instrument_id')
    .orderBy('r.id')
    .execute();
  const scores = await listResponseScores(
    db,
    organizationId,
    rows.map((r) => r.response_id!),
  );
  return rows.map((row) => ({
    participantId: row.participant_id,
    sessionNumber: Number(row.number),
    sessionStartsAt: row.starts_at,
    instrumentId: row.instrument_id,
    instrumentVersion: row.instrument_version!,
    answers: JSON.parse(row.answers!) as Record<string, unknown>,
    scores: scores.get(row.response_id!) ?? [],
  }));
}

export async function insertStudyExport(db: Executor, row: StudyExportTable): Promise<void> {
  await db.insertInto('study_export').values(row).execute();
}

/**
 * Takes the export's download link: once, before it expires, by a member of the study's
 * team. The condition is in the UPDATE, so two requests at once cannot both take it.
 */
export async function takeExportDownload(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  exportId: string,
  now: string,
): Promise<StudyExportTable | undefined> {
  const taken = await db
    .updateTable('study_export')
    .set({ downloaded_at: now })
    .where('organization_id', '=', actor.organizationId)
    .where('study_id', '=', studyId)
    .where('id', '=', exportId)
    .where('downloaded_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => studyOfTeam(actor, eb.ref('study_export.study_id')))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) return undefined;
  return db
    .selectFrom('study_export')
    .selectAll()
    .where('organization_id', '=', actor.organizationId)
    .where('id', '=', exportId)
    .executeTakeFirst();
}

export async function saveExportManifest(
  db: Executor,
  organizationId: string,
  exportId: string,
  manifest: string,
): Promise<void> {
  await db
    .updateTable('study_export')
    .set({ manifest })
    .where('organization_id', '=', organizationId)
    .where('id', '=', exportId)
    .execute();
}

export interface StudyExportListRow {
  id: string;
  createdBy: string | null;
  channel: 'web' | 'cli';
  createdAt: string;
  expiresAt: string;
  downloadedAt: string | null;
  manifest: string | null;
}

/** The study's exports, newest first, for its team. */
export async function listStudyExports(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<StudyExportListRow[]> {
  const rows = await db
    .selectFrom('study_export as e')
    .leftJoin('staff_user as s', 's.id', 'e.created_by')
    .select([
      'e.id',
      's.display_name',
      'e.channel',
      'e.created_at',
      'e.expires_at',
      'e.downloaded_at',
      'e.manifest',
    ])
    .where('e.organization_id', '=', actor.organizationId)
    .where('e.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('e.study_id')))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdBy: r.display_name,
    channel: r.channel,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    downloadedAt: r.downloaded_at,
    manifest: r.manifest,
  }));
}
