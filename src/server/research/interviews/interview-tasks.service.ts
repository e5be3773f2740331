import { randomUUID } from 'node:crypto';
import type { AuditAction } from '../../../core/api/audit-vocabulary.ts';
import { interviewDueAt } from '../../../core/research/interview-deadline.ts';
import {
  type InterviewStatus,
  PENDING_INTERVIEW_STATUSES,
} from '../../../core/research/interview-vocabulary.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import { enqueueJob } from '../../jobs/job.repository.ts';
import {
  findSessionForInterviews,
  insertTaskEvent,
  insertTaskOnce,
  listConsentedRespondents,
  listPendingTaskIdsOfParticipant,
  listSchedulesForCase,
  listTasksOfSession,
  moveTaskStatus,
  updateTaskDue,
} from './interview.repository.ts';

export interface InterviewJobDeps {
  db: Database;
  clock: Clock;
}

/** Close one task's window: an open task (never booked) becomes missed (payload: { taskId }). */
export const INTERVIEW_MISSED_JOB = 'research.interview-missed';

/**
 * Queued for the task's deadline. The key holds the deadline too: when a new session end
 * moves it, a job for the new deadline is queued, and the one for the old deadline finds
 * the window still open and does nothing.
 */
async function enqueueMissedCheck(
  trx: Executor,
  organizationId: string,
  taskId: string,
  dueAt: string,
  now: string,
): Promise<void> {
  await enqueueJob(
    trx,
    {
      id: randomUUID(),
      organizationId,
      type: INTERVIEW_MISSED_JOB,
      payload: { taskId },
      uniqueKey: `${INTERVIEW_MISSED_JOB}:${taskId}:${dueAt}`,
      runAt: dueAt,
    },
    now,
  );
}

async function recordTaskChange(
  trx: Executor,
  clock: Clock,
  organizationId: string,
  taskId: string,
  change: { status: InterviewStatus | null; action: AuditAction; actorId: string | null },
  details: Record<string, string | number> = {},
): Promise<void> {
  const at = clock().toISOString();
  if (change.status !== null)
    await insertTaskEvent(trx, organizationId, {
      taskId,
      status: change.status,
      actorId: change.actorId,
      at,
    });
  await recordAudit(trx, clock, {
    organizationId,
    actorType: change.actorId === null ? 'system' : 'staff',
    actorId: change.actorId,
    action: change.action,
    entityType: 'interview_task',
    entityId: taskId,
    details,
  });
}

export interface SyncResult {
  created: number;
  moved: number;
  withdrawn: number;
  reopened: number;
}

/**
 * Brings a session's interview tasks in line with the session as it is now (the job that
 * attendance and session edits queue): attended and a trigger of a recruiting study's
 * schedule → one task per consented respondent, due `windowHours` elapsed hours after the
 * recorded end (created once: the unique key holds across instances); a new end moves the
 * deadline of the tasks still pending; no longer attended → the pending tasks are
 * withdrawn, and come back (with their booking) if it is marked attended again.
 */
export async function syncSessionInterviewTasks(
  deps: InterviewJobDeps,
  organizationId: string,
  sessionId: string,
): Promise<SyncResult> {
  return inTransaction(deps.db, async (trx) => {
    const result: SyncResult = { created: 0, moved: 0, withdrawn: 0, reopened: 0 };
    const session = await findSessionForInterviews(trx, organizationId, sessionId);
    if (!session) return result;
    const now = deps.clock().toISOString();
    const existing = await listTasksOfSession(trx, organizationId, sessionId);
    const pending = (status: InterviewStatus) =>
      (PENDING_INTERVIEW_STATUSES as readonly string[]).includes(status);

    if (session.attendance !== 'attended') {
      for (const task of existing) {
        if (!pending(task.status)) continue;
        if (
          !(await moveTaskStatus(trx, organizationId, task.id, {
            from: PENDING_INTERVIEW_STATUSES,
            to: 'withdrawn',
            now,
          }))
        )
          continue;
        await recordTaskChange(trx, deps.clock, organizationId, task.id, {
          status: 'withdrawn',
          action: 'interview-task.withdraw',
          actorId: null,
        });
        result.withdrawn++;
      }
      return result;
    }

    const schedules = (await listSchedulesForCase(trx, organizationId, session.caseId)).filter(
      (s) => s.sessionNumbers.includes(session.number),
    );
    for (const schedule of schedules) {
      const dueAt = interviewDueAt(session.endsAt, schedule.windowHours);
      const respondents = (
        await listConsentedRespondents(trx, organizationId, schedule.studyId, session.caseId)
      ).filter((r) => schedule.respondents.includes(r.role));
      for (const respondent of respondents) {
        const id = randomUUID();
        const created = await insertTaskOnce(trx, organizationId, {
          id,
          studyId: schedule.studyId,
          participantId: respondent.participantId,
          sessionId,
          dueAt,
          now,
        });
        if (!created) continue;
        await recordTaskChange(
          trx,
          deps.clock,
          organizationId,
          id,
          { status: 'open', action: 'interview-task.create', actorId: null },
          { studyId: schedule.studyId, sessionId },
        );
        await enqueueMissedCheck(trx, organizationId, id, dueAt, now);
        result.created++;
      }
      for (const task of existing) {
        if (task.studyId !== schedule.studyId) continue;
        if (task.status === 'withdrawn' && task.participantStatus === 'consented') {
          const to = task.booked ? 'scheduled' : 'open';
          if (
            !(await moveTaskStatus(trx, organizationId, task.id, { from: ['withdrawn'], to, now }))
          )
            continue;
          await recordTaskChange(trx, deps.clock, organizationId, task.id, {
            status: to,
            action: 'interview-task.reopen',
            actorId: null,
          });
          result.reopened++;
        } else if (!pending(task.status)) continue;
        if (task.dueAt === dueAt) continue;
        await updateTaskDue(trx, organizationId, task.id, dueAt, now);
        await recordTaskChange(trx, deps.clock, organizationId, task.id, {
          status: null,
          action: 'interview-task.due',
          actorId: null,
        });
        await enqueueMissedCheck(trx, organizationId, task.id, dueAt, now);
        result.moved++;
      }
    }
    return result;
  });
}

/**
 * The window of one task has closed: if nobody booked it, it is missed. The condition
 * (still open, deadline passed) is in the UPDATE, so however many instances run the check,
 * one changes the row and writes the event and the audit; the others change nothing.
 * A booked task keeps its slot (the booking started within the window) until the
 * interviewer records what happened.
 */
export async function closeInterviewWindow(
  deps: InterviewJobDeps,
  organizationId: string,
  taskId: string,
): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock().toISOString();
    const missed = await moveTaskStatus(trx, organizationId, taskId, {
      from: ['open'],
      to: 'missed',
      now,
      dueBefore: now,
    });
    if (missed)
      await recordTaskChange(trx, deps.clock, organizationId, taskId, {
        status: 'missed',
        action: 'interview-task.missed',
        actorId: null,
      });
    return missed;
  });
}

/**
 * A participant's withdrawal ends their interviews at once (issue 16: "no further study
 * forms or interviews"): every task still open or scheduled becomes withdrawn, inside the
 * withdrawal's transaction. The withdrawal's own event says who withdrew; these events are
 * the system's consequence of it. Returns how many tasks were withdrawn.
 */
export async function withdrawParticipantInterviews(
  trx: Executor,
  clock: Clock,
  organizationId: string,
  participantId: string,
): Promise<number> {
  let withdrawn = 0;
  for (const taskId of await listPendingTaskIdsOfParticipant(trx, organizationId, participantId)) {
    const moved = await moveTaskStatus(trx, organizationId, taskId, {
      from: PENDING_INTERVIEW_STATUSES,
      to: 'withdrawn',
      now: clock().toISOString(),
    });
    if (!moved) continue;
    await recordTaskChange(trx, clock, organizationId, taskId, {
      status: 'withdrawn',
      action: 'interview-task.withdraw',
      actorId: null,
    });
    withdrawn++;
  }
  return withdrawn;
}
