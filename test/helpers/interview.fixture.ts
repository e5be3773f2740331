import { randomUUID } from 'node:crypto';
import type { Executor } from '../../src/server/db/database.ts';

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
