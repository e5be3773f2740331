import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import type { InterviewRecordingTable } from '../../db/database-schema.ts';
import type { AudioMediaType } from '../../../core/research/audio-signature.ts';

// Interview recordings' rows (the audio is in files, recording-files.ts). Every read for a
// person goes through `studyOfTeam`, so a recording of a study the caller is not on the
// team of is not found, even by id.

export interface RecordingRecord {
  id: string;
  organizationId: string;
  studyId: string;
  taskId: string;
  mediaType: AudioMediaType;
  sizeBytes: number;
  keyId: string;
  uploadedBy: string;
  uploadedAt: string;
}

const recordingRowToRecord = (row: InterviewRecordingTable): RecordingRecord => ({
  id: row.id,
  organizationId: row.organization_id,
  studyId: row.study_id,
  taskId: row.task_id,
  mediaType: row.media_type as AudioMediaType,
  sizeBytes: Number(row.size_bytes),
  keyId: row.key_id,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});

export async function insertRecording(db: Executor, r: RecordingRecord): Promise<void> {
  await db
    .insertInto('interview_recording')
    .values({
      id: r.id,
      organization_id: r.organizationId,
      study_id: r.studyId,
      task_id: r.taskId,
      media_type: r.mediaType,
      size_bytes: r.sizeBytes,
      key_id: r.keyId,
      uploaded_by: r.uploadedBy,
      uploaded_at: r.uploadedAt,
    })
    .execute();
}

const teamRecordings = (db: Executor, actor: StaffActor, studyId: string, taskId: string) =>
  db
    .selectFrom('interview_recording as r')
    .selectAll('r')
    .where('r.organization_id', '=', actor.organizationId)
    .where('r.study_id', '=', studyId)
    .where('r.task_id', '=', taskId)
    .where((eb) => studyOfTeam(actor, eb.ref('r.study_id')));

/** An interview's recordings, oldest first. */
export async function listRecordingsForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
): Promise<RecordingRecord[]> {
  const rows = await teamRecordings(db, actor, studyId, taskId)
    .orderBy('r.uploaded_at')
    .orderBy('r.id')
    .execute();
  return rows.map(recordingRowToRecord);
}

export async function findRecordingForTeam(
  db: Executor,
  actor: StaffActor,
  ids: { studyId: string; taskId: string; recordingId: string },
): Promise<RecordingRecord | undefined> {
  const row = await teamRecordings(db, actor, ids.studyId, ids.taskId)
    .where('r.id', '=', ids.recordingId)
    .executeTakeFirst();
  return row && recordingRowToRecord(row);
}

/** Deletes a participant's recordings in one study (withdrawal, policy delete); their ids. */
export async function deleteParticipantRecordings(
  db: Executor,
  participant: { organizationId: string; studyId: string; participantId: string },
): Promise<string[]> {
  const rows = await db
    .selectFrom('interview_recording as r')
    .innerJoin('interview_task as t', 't.id', 'r.task_id')
    .select('r.id')
    .where('r.organization_id', '=', participant.organizationId)
    .where('r.study_id', '=', participant.studyId)
    .where('t.participant_id', '=', participant.participantId)
    .execute();
  return deleteRecordingRows(
    db,
    rows.map((r) => r.id),
  );
}

export async function deleteRecordingRows(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length > 0) await db.deleteFrom('interview_recording').where('id', 'in', ids).execute();
  return ids;
}

/**
 * Recordings of studies that keep them a number of days, with when their interview was
 * held (its booked start; the upload time when there is no booking): the retention job
 * deletes those past their study's days.
 */
export async function listRecordingsUnderRetention(db: Executor) {
  const rows = await db
    .selectFrom('interview_recording as r')
    .innerJoin('study', 'study.id', 'r.study_id')
    .leftJoin('interview_booking as b', 'b.task_id', 'r.task_id')
    .select([
      'r.id',
      'r.organization_id',
      'r.study_id',
      'r.task_id',
      'r.uploaded_at',
      'b.starts_at',
      'study.recording_retention_days',
    ])
    .where('study.recording_retention_days', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    studyId: r.study_id,
    taskId: r.task_id,
    heldAt: r.starts_at ?? r.uploaded_at,
    retentionDays: r.recording_retention_days!,
  }));
}

/** Which of these ids still have a row (the file sweep keeps those). */
export async function existingRecordingIds(db: Executor, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('interview_recording')
      .select('id')
      .where('id', 'in', slice)
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/**
 * Every recording's id and the key id its row names, in all organizations: for the
 * operator's `rapport secrets rotate` only, which runs on the machine with the database.
 */
export async function listRecordingKeysForOperator(
  db: Executor,
): Promise<{ id: string; keyId: string }[]> {
  const rows = await db
    .selectFrom('interview_recording')
    .select(['id', 'key_id'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, keyId: r.key_id }));
}

export async function setRecordingKeyId(db: Executor, id: string, keyId: string): Promise<void> {
  await db.updateTable('interview_recording').set({ key_id: keyId }).where('id', '=', id).execute();
}
