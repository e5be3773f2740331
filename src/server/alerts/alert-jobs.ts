import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';

/** Tell one therapist of a case that an urgent alert waits (payload: { alertId, staffUserId }). */
export const ALERTS_NOTIFY_URGENT_JOB = 'alerts.notify-urgent';

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
