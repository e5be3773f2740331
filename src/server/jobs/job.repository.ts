import { sql } from 'kysely';
import type { Dialect, Executor } from '../db/database.ts';
import type { JobStatus, JobTable } from '../db/database-schema.ts';

export interface NewJob {
  id: string;
  organizationId: string | null;
  type: string;
  payload: unknown;
  uniqueKey?: string;
  runAt: string;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: string;
  organizationId: string | null;
  type: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

const claimedRowToJob = (row: JobTable): ClaimedJob => ({
  id: row.id,
  organizationId: row.organization_id,
  type: row.type,
  payload: JSON.parse(row.payload) as unknown,
  attempts: Number(row.attempts),
  maxAttempts: Number(row.max_attempts),
});

/** Returns false when a job with the same unique key already exists (it is not added twice). */
export async function enqueueJob(db: Executor, job: NewJob, now: string): Promise<boolean> {
  const result = await db
    .insertInto('job')
    .values({
      id: job.id,
      organization_id: job.organizationId,
      type: job.type,
      payload: JSON.stringify(job.payload),
      unique_key: job.uniqueKey ?? null,
      status: 'queued',
      run_at: job.runAt,
      attempts: 0,
      max_attempts: job.maxAttempts ?? 5,
      locked_by: null,
      locked_at: null,
      finished_at: null,
      last_error: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims up to `limit` due jobs for one worker in a single statement. On PostgreSQL the
 * inner select takes row locks with SKIP LOCKED, so concurrent instances never claim the
 * same row; SQLite has one writer at a time, so the statement alone is atomic there.
 * A job left `running` past the lease (its worker died) is claimed again. Only `types` are
 * claimed: a worker takes only jobs it has a handler for (an older instance during a
 * rolling upgrade must not take, and fail, a newer job type).
 */
export async function claimDueJobs(
  db: Executor,
  dialect: Dialect,
  workerId: string,
  limit: number,
  now: string,
  leaseExpiredBefore: string,
  types: readonly string[],
): Promise<ClaimedJob[]> {
  if (types.length === 0) return [];
  const due = db
    .selectFrom('job')
    .select('id')
    .where('type', 'in', types)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_at', '<', leaseExpiredBefore)]),
      ]),
    )
    .orderBy('run_at')
    .limit(limit);
  const rows = await db
    .updateTable('job')
    .set((eb) => ({
      status: 'running',
      locked_by: workerId,
      locked_at: now,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', dialect === 'postgres' ? due.modifyEnd(sql`for update skip locked`) : due)
    .returningAll()
    .execute();
  return rows.map(claimedRowToJob);
}

/** A worker's heartbeat: the job it still runs keeps its lease. */
export async function renewJobLease(
  db: Executor,
  id: string,
  workerId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('job')
    .set({ locked_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .execute();
}

export async function markJobDone(
  db: Executor,
  id: string,
  workerId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'done', finished_at: now, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** A failed attempt goes back to the queue after `retryAt`, or fails for good at the limit. */
export async function markJobFailed(
  db: Executor,
  job: ClaimedJob,
  workerId: string,
  errorCode: string,
  now: string,
  retryAt: string,
  permanent = false,
): Promise<void> {
  const final = permanent || job.attempts >= job.maxAttempts;
  await db
    .updateTable('job')
    .set({
      status: final ? 'failed' : 'queued',
      run_at: final ? now : retryAt,
      finished_at: final ? now : null,
      locked_by: null,
      locked_at: null,
      last_error: errorCode,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}

export interface JobCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
}

export async function countJobsByStatus(db: Executor, type?: string): Promise<JobCounts> {
  let query = db
    .selectFrom('job')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .groupBy('status');
  if (type) query = query.where('type', '=', type);
  const counts: JobCounts = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const row of await query.execute()) counts[row.status] = Number(row.n);
  return counts;
}

/** How many jobs of an organization ended for good with this last error (e.g. no mail server). */
export async function countFailedJobs(
  db: Executor,
  organizationId: string,
  lastError: string,
): Promise<number> {
  const row = await db
    .selectFrom('job')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'failed')
    .where('last_error', '=', lastError)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The state of an organization's jobs by unique key (e.g. a request's link mail). */
export async function findJobStatesByKey(
  db: Executor,
  organizationId: string,
  uniqueKeys: readonly string[],
): Promise<Map<string, { status: JobStatus; lastError: string | null }>> {
  if (uniqueKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('job')
    .select(['unique_key', 'status', 'last_error'])
    .where('organization_id', '=', organizationId)
    .where('unique_key', 'in', [...uniqueKeys])
    .execute();
  return new Map(
    rows.map((r) => [r.unique_key ?? '', { status: r.status, lastError: r.last_error }]),
  );
}
