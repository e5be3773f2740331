import type { Executor } from '../db/database.ts';

/** Rows older than these instants go; each is `now` minus that kind's retention. */
export interface HousekeepingCutoffs {
  now: string;
  /** Staff sessions that expired before this. */
  sessionsExpiredBefore: string;
  /** Throttle rows whose window started before this (and that lock nobody out any more). */
  throttleWindowStartedBefore: string;
  /** Done or failed jobs that finished before this. */
  jobsFinishedBefore: string;
  /** Questionnaire visits that expired before this. */
  visitsExpiredBefore: string;
}

export interface HousekeepingCounts {
  sessions: number;
  throttles: number;
  jobs: number;
  visits: number;
}

/**
 * Deletes rows that only ever served a moment: sign-in sessions, throttle windows, finished
 * jobs and questionnaire visits. It names no other table: the audit trail, responses and
 * scores are records, and no retention here may reach them.
 */
export async function deleteExpiredRows(
  db: Executor,
  cutoffs: HousekeepingCutoffs,
): Promise<HousekeepingCounts> {
  const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
  const sessions = await db
    .deleteFrom('auth_session')
    .where('expires_at', '<', cutoffs.sessionsExpiredBefore)
    .executeTakeFirst();
  const throttles = await db
    .deleteFrom('auth_throttle')
    .where('window_started_at', '<', cutoffs.throttleWindowStartedBefore)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', cutoffs.now)]))
    .executeTakeFirst();
  const jobs = await db
    .deleteFrom('job')
    .where('status', 'in', ['done', 'failed'])
    .where('finished_at', '<', cutoffs.jobsFinishedBefore)
    .executeTakeFirst();
  const visits = await db
    .deleteFrom('questionnaire_visit')
    .where('expires_at', '<', cutoffs.visitsExpiredBefore)
    .executeTakeFirst();
  return {
    sessions: deleted(sessions),
    throttles: deleted(throttles),
    jobs: deleted(jobs),
    visits: deleted(visits),
  };
}
