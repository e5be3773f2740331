import { randomUUID } from 'node:crypto';
import { isAppError } from '../../core/app-error.ts';
import { isPermanentFailure } from '../../core/permanent-failure.ts';
import type { Clock } from '../clock.ts';
import type { Database, Dialect } from '../db/database.ts';
import {
  type ClaimedJob,
  claimDueJobs,
  markJobDone,
  markJobFailed,
  renewJobLease,
} from './job.repository.ts';

/** How long a `running` job may go without its worker's heartbeat before it is taken up again. */
export const JOB_LEASE_MS = 30_000;

export type JobHandler = (job: ClaimedJob) => Promise<void>;

export interface JobWorkerLogger {
  info(object: object, message: string): void;
  /** Absent in tests that do not care; a permanent failure is then silent. */
  warn?(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface JobWorkerOptions {
  db: Database;
  dialect: Dialect;
  handlers: Record<string, JobHandler>;
  clock: Clock;
  logger: JobWorkerLogger;
  pollMs: number;
  batchSize?: number;
  /**
   * A `running` job whose lease was not renewed for this long has lost its worker (the
   * process was killed): another worker takes it up. Short, because a live worker renews
   * the lease of the job it runs every `leaseMs / 3` (a heartbeat), however long it runs.
   */
  leaseMs?: number;
}

export interface JobWorker {
  id: string;
  /** Claims and runs due jobs once; returns how many ran. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Background work lives in the jobs table, not in memory, so any instance may run it and
 * each job runs once (see claimDueJobs). Logs carry job ids and types only, never payloads.
 */
export function startJobWorker(options: JobWorkerOptions, poll = true): JobWorker {
  const id = `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? JOB_LEASE_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const warned = new Set<string>();

  const runOne = async (job: ClaimedJob) => {
    const handler = options.handlers[job.type];
    const heartbeat = setInterval(() => {
      renewJobLease(options.db, job.id, id, options.clock().toISOString()).catch((error: unknown) =>
        options.logger.error(
          { jobId: job.id, code: error instanceof Error ? error.name : 'unknown' },
          'job lease renewal failed',
        ),
      );
    }, leaseMs / 3);
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(job);
      await markJobDone(options.db, job.id, id, options.clock().toISOString());
    } catch (error) {
      const now = options.clock();
      if (isPermanentFailure(error)) {
        await markJobFailed(options.db, job, id, error.reason, now.toISOString(), '', true);
        // Once per reason per instance: a hundred unsent mails are one fact, not a hundred.
        if (!warned.has(error.reason)) {
          warned.add(error.reason);
          options.logger.warn?.({ jobType: job.type, reason: error.reason }, error.message);
        }
        return;
      }
      const backoff = Math.min(60 * 60_000, 2 ** job.attempts * 30_000);
      // Only a code goes into the table: an error message might quote personal data.
      const code = isAppError(error) ? error.code : error instanceof Error ? error.name : 'unknown';
      await markJobFailed(
        options.db,
        job,
        id,
        code,
        now.toISOString(),
        new Date(now.getTime() + backoff).toISOString(),
      );
      options.logger.error(
        { jobId: job.id, jobType: job.type, attempt: job.attempts, code },
        'job failed',
      );
    } finally {
      clearInterval(heartbeat);
    }
  };

  const runOnce = async () => {
    const now = options.clock();
    const jobs = await claimDueJobs(
      options.db,
      options.dialect,
      id,
      options.batchSize ?? 10,
      now.toISOString(),
      new Date(now.getTime() - leaseMs).toISOString(),
      Object.keys(options.handlers),
    );
    for (const job of jobs) await runOne(job);
    return jobs.length;
  };

  const tick = async () => {
    if (stopped) return;
    running = runOnce().catch((error: unknown) => {
      options.logger.error(
        { code: error instanceof Error ? error.name : 'unknown' },
        'job poll failed',
      );
      return 0;
    });
    const ran = await running;
    running = undefined;
    if (!stopped) timer = setTimeout(() => void tick(), ran > 0 ? 0 : options.pollMs);
  };
  if (poll) timer = setTimeout(() => void tick(), 0);

  return {
    id,
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
