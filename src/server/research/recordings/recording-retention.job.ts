import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import { enqueueJob } from '../../jobs/job.repository.ts';
import type { JobHandler } from '../../jobs/job-worker.ts';
import { scheduleDailyJob } from '../../jobs/housekeeping.job.ts';
import {
  type RecordingStore,
  removeRecordingFiles,
  sweepRecordingFiles,
} from './recording-files.ts';
import {
  deleteRecordingRows,
  existingRecordingIds,
  listRecordingsUnderRetention,
} from './recording.repository.ts';

/** Daily: recordings past their study's retention go, file and row, then orphan files. */
export const RECORDING_RETENTION_JOB = 'recording-retention';
/** Soon after a withdrawal deleted recordings' rows: their files. */
export const RECORDING_FILES_DELETE_JOB = 'recording-files.delete';

const DAY_MS = 86_400_000;
/** After housekeeping (03:00 UTC). */
const RUN_HOUR_UTC = 4;
/** An upload renamed into place whose row is not committed yet is younger than this. */
const SWEEP_GRACE_MS = 3_600_000;

/** Queues the run of the day `at` falls on, once across instances (its key is the day). */
export const scheduleRecordingRetention = (db: Executor, at: Date, now: Date) =>
  scheduleDailyJob(db, RECORDING_RETENTION_JOB, RUN_HOUR_UTC, at, now);

/** Queues the deletion of these recordings' files (their rows are gone in `trx`). */
export async function queueRecordingFileDeletion(trx: Executor, ids: string[], now: Date) {
  await enqueueJob(
    trx,
    {
      id: randomUUID(),
      organizationId: null,
      type: RECORDING_FILES_DELETE_JOB,
      payload: { ids },
      runAt: now.toISOString(),
    },
    now.toISOString(),
  );
}

const idsPayload = z.object({ ids: z.array(z.uuid()) });

export function recordingJobHandlers(deps: {
  db: Database;
  clock: Clock;
  store: RecordingStore;
  logger: { info(object: object, message: string): void };
}): Record<string, JobHandler> {
  return {
    [RECORDING_FILES_DELETE_JOB]: async (job) => {
      await removeRecordingFiles(deps.store, idsPayload.parse(job.payload).ids);
    },
    [RECORDING_RETENTION_JOB]: async () => {
      const now = deps.clock();
      const due = (await listRecordingsUnderRetention(deps.db)).filter(
        (r) => Date.parse(r.heldAt) + r.retentionDays * DAY_MS <= now.getTime(),
      );
      const byStudy = new Map<string, typeof due>();
      for (const r of due) byStudy.set(r.studyId, [...(byStudy.get(r.studyId) ?? []), r]);
      for (const [studyId, recordings] of byStudy) {
        await inTransaction(deps.db, async (trx) => {
          await deleteRecordingRows(
            trx,
            recordings.map((r) => r.id),
          );
          await recordAudit(trx, deps.clock, {
            organizationId: recordings[0]!.organizationId,
            actorType: 'system',
            actorId: null,
            action: 'interview-recording.delete',
            entityType: 'study',
            entityId: studyId,
            details: { recordings: recordings.length, reason: 'retention' },
          });
        });
        await removeRecordingFiles(
          deps.store,
          recordings.map((r) => r.id),
        );
      }
      const swept = await sweepRecordingFiles(
        deps.store,
        (ids) => existingRecordingIds(deps.db, ids),
        now,
        SWEEP_GRACE_MS,
      );
      // Counts only.
      deps.logger.info({ deleted: due.length, swept }, 'recording retention done');
      await scheduleRecordingRetention(deps.db, new Date(now.getTime() + DAY_MS), now);
    },
  };
}
