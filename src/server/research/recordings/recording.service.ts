import type { Readable } from 'node:stream';
import { AppError, conflict, notFound } from '../../../core/app-error.ts';
import type { InterviewRecording } from '../../../core/api/research-interview-review.ts';
import { HELD_INTERVIEW_STATUSES } from '../../../core/research/interview-vocabulary.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordAudit, recordStaffAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Executor, inTransaction } from '../../db/database.ts';
import { derivePurposeKey } from '../../secrets/secret-box.ts';
import { type TeamTask, findTaskForTeam } from '../interviews/interview.repository.ts';
import { type StudyDeps, studyOfTeamOr404 } from '../studies/study.service.ts';
import { type RecordingLayout, openRecordingRange } from './recording-cipher.ts';
import {
  type RecordingStore,
  recordingFile,
  removeRecordingFiles,
  storeUpload,
  tooLarge,
} from './recording-files.ts';
import { queueRecordingFileDeletion } from './recording-retention.job.ts';
import {
  type RecordingRecord,
  deleteParticipantRecordings,
  findRecordingForTeam,
  insertRecording,
  listRecordingsForTeam,
} from './recording.repository.ts';

// Interview recordings (issue 17, item 7). Only the study's team reaches them (404 for
// anyone else, whatever their role: a recording is a participant's voice). Every upload,
// play and download is audited with ids and byte counts only.

export interface RecordingDeps extends StudyDeps {
  /** Absent when the app runs without an instance secret or a data directory. */
  recordings?: RecordingStore;
}

/** The store for an instance: `<dataDir>/recordings`, its key derived from the instance secret. */
export function recordingStore(
  instanceSecret: string,
  config: { dir: string; maxBytes: number },
): RecordingStore {
  return { ...config, key: derivePurposeKey(instanceSecret, 'recordings') };
}

function requireStore(deps: RecordingDeps): RecordingStore {
  if (!deps.recordings)
    throw new AppError(
      'unavailable',
      'Recordings are not configured on this server (instance secret and data directory).',
    );
  return deps.recordings;
}

/** The team's interview, or 404; refused (409) unless it was held. */
export async function heldTaskOfTeam(
  trx: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
  options: { lock?: boolean; doing: string },
): Promise<TeamTask> {
  await studyOfTeamOr404(trx, actor, studyId);
  const task = await findTaskForTeam(trx, actor, studyId, taskId, options);
  if (!task) throw notFound('Interview');
  if (!(HELD_INTERVIEW_STATUSES as readonly string[]).includes(task.status))
    throw conflict(
      `This interview was not held (it is ${task.status}): ${options.doing} once it is recorded completed or partial.`,
    );
  return task;
}

export const recordingOut = (r: RecordingRecord): InterviewRecording => ({
  id: r.id,
  mediaType: r.mediaType,
  sizeBytes: r.sizeBytes,
  uploadedBy: r.uploadedBy,
  uploadedAt: r.uploadedAt,
});

/**
 * Stores an upload for a held interview: checked (team, held, size) before a byte is read,
 * streamed to disk encrypted, and only then given its row. Whatever fails leaves no file and
 * no row.
 */
export async function uploadRecording(
  deps: RecordingDeps,
  actor: StaffActor,
  ids: { studyId: string; taskId: string },
  upload: { body: Readable; declaredBytes: number | null },
  origin: RequestOrigin,
): Promise<InterviewRecording> {
  const store = requireStore(deps);
  await inTransaction(deps.db, (trx) =>
    heldTaskOfTeam(trx, actor, ids.studyId, ids.taskId, { doing: 'upload its recording' }),
  );
  if (upload.declaredBytes !== null && upload.declaredBytes > store.maxBytes)
    throw tooLarge(store.maxBytes);
  const stored = await storeUpload(store, upload.body);
  try {
    return await inTransaction(deps.db, async (trx) => {
      // Held still (an outcome cannot move back, but a withdrawal may have come meanwhile).
      const task = await heldTaskOfTeam(trx, actor, ids.studyId, ids.taskId, {
        lock: true,
        doing: 'upload its recording',
      });
      const record: RecordingRecord = {
        id: stored.id,
        organizationId: actor.organizationId,
        studyId: ids.studyId,
        taskId: task.id,
        mediaType: stored.mediaType,
        sizeBytes: stored.sizeBytes,
        keyId: store.key.keyId,
        uploadedBy: actor.userId,
        uploadedAt: deps.clock().toISOString(),
      };
      await insertRecording(trx, record);
      await recordStaffAudit(trx, deps.clock, actor, origin, {
        action: 'interview-recording.upload',
        entityType: 'interview_recording',
        entityId: record.id,
        details: { taskId: task.id, bytes: record.sizeBytes, type: record.mediaType },
      });
      return recordingOut(record);
    });
  } catch (error) {
    await removeRecordingFiles(store, [stored.id]);
    throw error;
  }
}

/** The team's view of an interview's recordings (read inside the interview's own read). */
export const listInterviewRecordings = (
  trx: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
) => listRecordingsForTeam(trx, actor, studyId, taskId).then((rs) => rs.map(recordingOut));

export interface RecordingStream {
  recording: InterviewRecording;
  layout: RecordingLayout;
  range: { start: number; end: number } | null;
  chunks: AsyncGenerator<Buffer>;
}

/**
 * Opens a recording for playing (or, with `download`, saving): finds it for the team
 * (404 otherwise), audits the read with the bytes asked for, and decrypts only the chunks
 * the range needs. `range` is decided by the caller from the recording's size.
 */
export async function openRecording(
  deps: RecordingDeps,
  actor: StaffActor,
  ids: { studyId: string; taskId: string; recordingId: string },
  pickRange: (size: number) => { start: number; end: number } | 'unsatisfiable' | null,
  download: boolean,
  origin: RequestOrigin,
): Promise<RecordingStream | { unsatisfiable: number }> {
  const store = requireStore(deps);
  const record = await inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, ids.studyId);
    const found = await findRecordingForTeam(trx, actor, ids);
    if (!found) throw notFound('Recording');
    const range = pickRange(found.sizeBytes);
    if (range !== 'unsatisfiable')
      await recordStaffAudit(trx, deps.clock, actor, origin, {
        action: download ? 'interview-recording.download' : 'interview-recording.play',
        entityType: 'interview_recording',
        entityId: found.id,
        details: {
          taskId: found.taskId,
          ...(range ? { from: range.start, to: range.end } : { from: 0, to: found.sizeBytes - 1 }),
        },
      });
    return found;
  });
  const range = pickRange(record.sizeBytes);
  if (range === 'unsatisfiable') return { unsatisfiable: record.sizeBytes };
  if (record.keyId !== store.key.keyId)
    throw new AppError(
      'unavailable',
      'This recording was stored under another instance secret and cannot be played here (docs/operations.md, "Recordings").',
    );
  const opened = await openRecordingRange(
    recordingFile(store, record.id),
    store.key,
    range ?? undefined,
  );
  return { recording: recordingOut(record), layout: opened.layout, range, chunks: opened.chunks };
}

/**
 * A participant's recordings in a study, deleted with their withdrawal when the study's
 * policy says so: the rows go in the caller's transaction, the files by a job it queues
 * (so they go only if the transaction commits: a transaction cannot take back a file).
 */
export async function deleteWithdrawnParticipantRecordings(
  trx: Executor,
  clock: Clock,
  participant: { organizationId: string; studyId: string; participantId: string },
): Promise<number> {
  const ids = await deleteParticipantRecordings(trx, participant);
  if (ids.length > 0) {
    await queueRecordingFileDeletion(trx, ids, clock());
    await recordAudit(trx, clock, {
      organizationId: participant.organizationId,
      actorType: 'system',
      actorId: null,
      action: 'interview-recording.delete',
      entityType: 'study_participant',
      entityId: participant.participantId,
      details: { studyId: participant.studyId, recordings: ids.length, reason: 'withdrawal' },
    });
  }
  return ids.length;
}
