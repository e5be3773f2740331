import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Database, Executor } from '../db/database.ts';
import { deleteExpiredRows } from './housekeeping.repository.ts';
import { enqueueJob } from './job.repository.ts';
import type { JobHandler } from './job-worker.ts';

export const HOUSEKEEPING_JOB = 'housekeeping';

/** How long each kind of short-lived row is kept past its end (config.ts). */
export interface Retention {
  sessionDays: number;
  throttleHours: number;
  jobDays: number;
  visitDays: number;
}

const DAY_MS = 86_400_000;
/** Housekeeping runs at this hour (UTC), when a clinic is least likely to be busy. */
const RUN_HOUR_UTC = 3;

/**
 * Queues the run of a daily job for the day `at` falls on, at `hourUtc` (or now, when that
 * hour has passed). The unique key is the job's type and the day, so every instance may
 * call this (at start, and each run for the next day) and the run exists once.
 */
export async function scheduleDailyJob(
  db: Executor,
  type: string,
  hourUtc: number,
  at: Date,
  now: Date,
): Promise<boolean> {
  const day = at.toISOString().slice(0, 10);
  const runAt = new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00.000Z`);
  return enqueueJob(
    db,
    {
      id: randomUUID(),
      organizationId: null,
      type,
      payload: {},
      uniqueKey: `${type}:${day}`,
      runAt: (runAt < now ? now : runAt).toISOString(),
    },
    now.toISOString(),
  );
}

/** Queues the housekeeping run of the day `at` falls on (once across instances). */
export const scheduleHousekeeping = (db: Database, at: Date, now: Date): Promise<boolean> =>
  scheduleDailyJob(db, HOUSEKEEPING_JOB, RUN_HOUR_UTC, at, now);

export function housekeepingJob(deps: {
  db: Database;
  clock: Clock;
  retention: Retention;
  logger: { info(object: object, message: string): void };
}): JobHandler {
  return async () => {
    const now = deps.clock();
    const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const { retention } = deps;
    const counts = await deleteExpiredRows(deps.db, {
      now: now.toISOString(),
      sessionsExpiredBefore: before(retention.sessionDays * DAY_MS),
      throttleWindowStartedBefore: before(retention.throttleHours * 3_600_000),
      jobsFinishedBefore: before(retention.jobDays * DAY_MS),
      visitsExpiredBefore: before(retention.visitDays * DAY_MS),
    });
    // Counts only: no ids, no names.
    deps.logger.info({ deleted: counts }, 'housekeeping done');
    await scheduleHousekeeping(deps.db, new Date(now.getTime() + DAY_MS), now);
  };
}
