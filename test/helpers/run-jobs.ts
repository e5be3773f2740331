import {
  type JobWorkerOptions,
  type JobWorkerLogger,
  startJobWorker,
} from '../../src/server/jobs/job-worker.ts';

const quiet: JobWorkerLogger = { info: () => {}, error: () => {} };

/**
 * Runs every due job once through a worker that does not poll, until none is due: other test
 * files share PostgreSQL's job table, so one pass may pick up theirs first.
 */
export async function runJobsUntilIdle(
  options: Omit<JobWorkerOptions, 'pollMs' | 'logger'> & { logger?: JobWorkerLogger },
): Promise<void> {
  const worker = startJobWorker({ logger: quiet, ...options, pollMs: 60_000 }, false);
  while ((await worker.runOnce()) > 0);
}
