import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Executor } from '../../src/server/db/database.ts';
import { storeUpload } from '../../src/server/research/recordings/recording-files.ts';
import { insertRecording } from '../../src/server/research/recordings/recording.repository.ts';
import { recordingStore } from '../../src/server/research/recordings/recording.service.ts';

// An interview task as the attendance job would leave it, for tests that need one without
// marking a session attended (random ids, see factories.ts).

export async function createTestInterviewTask(
  db: Executor,
  task: {
    organizationId: string;
    studyId: string;
    participantId: string;
    sessionId: string;
    dueAt: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('interview_task')
    .values({
      id,
      organization_id: task.organizationId,
      study_id: task.studyId,
      participant_id: task.participantId,
      session_id: task.sessionId,
      due_at: task.dueAt,
      status: 'open',
      protocol_version_id: null,
      covered: null,
      stop_reason: null,
      created_at: '2026-11-02T10:00:00.000Z',
      updated_at: '2026-11-02T10:00:00.000Z',
    })
    .execute();
  return id;
}

/**
 * A task whose interview was booked with `interviewerId` and held (completed, or partial),
 * as the booking and outcome routes leave it.
 */
export async function createHeldInterview(
  db: Executor,
  task: Parameters<typeof createTestInterviewTask>[1] & {
    interviewerId: string;
    startsAt: string;
    status?: 'completed' | 'partial';
  },
): Promise<string> {
  const id = await createTestInterviewTask(db, task);
  await db
    .insertInto('interview_booking')
    .values({
      task_id: id,
      organization_id: task.organizationId,
      interviewer_id: task.interviewerId,
      starts_at: task.startsAt,
      ends_at: new Date(Date.parse(task.startsAt) + 3_600_000).toISOString(),
      modality: 'video',
      language: 'en',
      interpreter_id: null,
      booked_by: task.interviewerId,
      booked_at: '2026-11-02T10:00:00.000Z',
    })
    .execute();
  await db
    .updateTable('interview_task')
    .set({ status: task.status ?? 'completed' })
    .where('id', '=', id)
    .execute();
  return id;
}

/** A recording of a task's interview, stored (encrypted, under `secret`) as an upload is. */
export async function storeTestRecording(
  db: Executor,
  input: {
    secret: string;
    recordings: { dir: string; maxBytes: number };
    study: { id: string; organizationId: string };
    taskId: string;
    uploadedBy: string;
    audio: Buffer;
    uploadedAt?: string;
  },
): Promise<string> {
  const store = recordingStore(input.secret, input.recordings);
  const stored = await storeUpload(store, Readable.from([input.audio]));
  await insertRecording(db, {
    id: stored.id,
    organizationId: input.study.organizationId,
    studyId: input.study.id,
    taskId: input.taskId,
    mediaType: stored.mediaType,
    sizeBytes: stored.sizeBytes,
    keyId: store.key.keyId,
    uploadedBy: input.uploadedBy,
    uploadedAt: input.uploadedAt ?? new Date().toISOString(),
  });
  return stored.id;
}
