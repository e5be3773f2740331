import { z } from 'zod';
import type { JobHandler } from '../../jobs/job-worker.ts';
import { INTERVIEW_TASK_SYNC_JOB } from '../../sessions/interview-task-sync-job.ts';
import {
  INTERVIEW_MISSED_JOB,
  type InterviewJobDeps,
  closeInterviewWindow,
  syncSessionInterviewTasks,
} from './interview-tasks.service.ts';

const sessionPayload = z.object({ sessionId: z.uuid() });
const taskPayload = z.object({ taskId: z.uuid() });

/** The interview jobs' handlers, to register with the job worker (src/server/main.ts). */
export function interviewJobHandlers(deps: InterviewJobDeps): Record<string, JobHandler> {
  return {
    [INTERVIEW_TASK_SYNC_JOB]: async (job) => {
      if (!job.organizationId) return;
      const { sessionId } = sessionPayload.parse(job.payload);
      await syncSessionInterviewTasks(deps, job.organizationId, sessionId);
    },
    [INTERVIEW_MISSED_JOB]: async (job) => {
      if (!job.organizationId) return;
      const { taskId } = taskPayload.parse(job.payload);
      await closeInterviewWindow(deps, job.organizationId, taskId);
    },
  };
}
