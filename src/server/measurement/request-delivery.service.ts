import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';
import { listMailableRequests } from './request-delivery.repository.ts';

export const QUESTIONNAIRE_DELIVER_JOB = 'questionnaire.deliver';
export const QUESTIONNAIRE_REMIND_JOB = 'questionnaire.remind';
/** The reminder goes this long before the link expires (72 h links: a day after the first mail). */
export const DEFAULT_REMINDER_LEAD_HOURS = 24;

/**
 * Queues the link mail and its reminder for each open client request of a session whose
 * client has an e-mail address, in the caller's transaction: the requests and their mails
 * commit together or not at all. Unique keys per request make a second call (the session
 * marked attended again) queue nothing. A reminder that would fall before now is skipped.
 * Returns how many deliveries were queued.
 */
export async function enqueueRequestMails(
  trx: Executor,
  input: {
    organizationId: string;
    sessionId: string;
    now: Date;
    reminderLeadHours?: number;
  },
): Promise<number> {
  const now = input.now.toISOString();
  const leadMs = (input.reminderLeadHours ?? DEFAULT_REMINDER_LEAD_HOURS) * 3_600_000;
  let queued = 0;
  for (const request of await listMailableRequests(trx, input.organizationId, input.sessionId)) {
    const added = await enqueueJob(
      trx,
      {
        id: randomUUID(),
        organizationId: input.organizationId,
        type: QUESTIONNAIRE_DELIVER_JOB,
        payload: { requestId: request.id },
        uniqueKey: `${QUESTIONNAIRE_DELIVER_JOB}:${request.id}`,
        runAt: now,
      },
      now,
    );
    if (added) queued++;
    const remindAt = new Date(Date.parse(request.expiresAt) - leadMs).toISOString();
    if (remindAt <= now) continue;
    await enqueueJob(
      trx,
      {
        id: randomUUID(),
        organizationId: input.organizationId,
        type: QUESTIONNAIRE_REMIND_JOB,
        payload: { requestId: request.id },
        uniqueKey: `${QUESTIONNAIRE_REMIND_JOB}:${request.id}`,
        runAt: remindAt,
      },
      now,
    );
  }
  return queued;
}
