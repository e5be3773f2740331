import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';

// Measurement sits below alerts (docs/architecture.md): it queues this job by name, and
// alerts registers the handler (alerts/alert-job-handlers.ts), so measurement never
// imports alerts.

/** Recompute one case's alerts after a new score (payload: { caseId }). */
export const ALERTS_RECOMPUTE_JOB = 'alerts.recompute';

/**
 * Queues a recompute of one case, in the caller's transaction so that the job exists if and
 * only if the score it reacts to was stored. `cause` (e.g. the response id) makes the job
 * unique: a replayed submission does not queue a second one.
 */
export async function enqueueAlertRecompute(
  db: Executor,
  clock: Clock,
  organizationId: string,
  caseId: string,
  cause: string,
): Promise<boolean> {
  const now = clock().toISOString();
  return enqueueJob(
    db,
    {
      id: randomUUID(),
      organizationId,
      type: ALERTS_RECOMPUTE_JOB,
      payload: { caseId },
      uniqueKey: `${ALERTS_RECOMPUTE_JOB}:${caseId}:${cause}`,
      runAt: now,
    },
    now,
  );
}
