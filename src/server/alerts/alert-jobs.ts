import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';

/** Recompute one case's alerts after a new score (payload: { caseId }). */
export const ALERTS_RECOMPUTE_JOB = 'alerts.recompute';
/** Tell one therapist of a case that an urgent alert waits (payload: { alertId, staffUserId }). */
export const ALERTS_NOTIFY_URGENT_JOB = 'alerts.notify-urgent';

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

/**
 * Queues the urgent mail for one alert, one job per therapist: the unique key
 * (alert, therapist) makes each therapist's mail go once, ever, and a retry after one
 * recipient's failure re-sends to that recipient only. Returns how many jobs were queued.
 */
export async function enqueueUrgentAlertMails(
  db: Executor,
  clock: Clock,
  organizationId: string,
  alertId: string,
  staffUserIds: readonly string[],
): Promise<number> {
  const now = clock().toISOString();
  let queued = 0;
  for (const staffUserId of staffUserIds) {
    const added = await enqueueJob(
      db,
      {
        id: randomUUID(),
        organizationId,
        type: ALERTS_NOTIFY_URGENT_JOB,
        payload: { alertId, staffUserId },
        uniqueKey: `${ALERTS_NOTIFY_URGENT_JOB}:${alertId}:${staffUserId}`,
        runAt: now,
      },
      now,
    );
    if (added) queued += 1;
  }
  return queued;
}
