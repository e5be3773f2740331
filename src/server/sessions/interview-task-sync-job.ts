import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';

// Sessions and measurement sit below research (docs/architecture.md): when a session's
// attendance or times change they queue this job by name, in their own transaction, and
// research registers the handler (research/interviews/interview-job-handlers.ts), so
// neither imports research. The handler reads the session as it is when it runs and brings
// the session's interview tasks in line (create, move the deadline, withdraw), so a job
// queued twice, or run after a later change, does no harm.

/** Bring one session's IPR interview tasks in line with it (payload: { sessionId }). */
export const INTERVIEW_TASK_SYNC_JOB = 'research.interview-tasks.sync';

export async function enqueueInterviewTaskSync(
  db: Executor,
  now: Date,
  organizationId: string,
  sessionId: string,
): Promise<void> {
  const at = now.toISOString();
  await enqueueJob(
    db,
    {
      id: randomUUID(),
      organizationId,
      type: INTERVIEW_TASK_SYNC_JOB,
      payload: { sessionId },
      runAt: at,
    },
    at,
  );
}
