import { z } from 'zod';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-worker.ts';
import type { Mailer } from '../mail/mailer.ts';
import { questionnaireMail } from './questionnaire-mail.ts';
import { questionnaireToken } from './questionnaire-link.ts';
import { findRequestMailContext } from './request-delivery.repository.ts';
import { QUESTIONNAIRE_DELIVER_JOB, QUESTIONNAIRE_REMIND_JOB } from './request-delivery.service.ts';

const payloadSchema = z.object({ requestId: z.uuid() });

export interface QuestionnaireMailDeps {
  db: Database;
  clock: Clock;
  mailer: Mailer;
  /** The address clients open links at. */
  publicUrl: string;
  /** The instance secret the link's token is derived from (questionnaire-link.ts). */
  secret: string;
}

/** The link mail and its reminder, to register with the job worker (src/server/main.ts). */
export function questionnaireMailJobs(deps: QuestionnaireMailDeps): Record<string, JobHandler> {
  return {
    [QUESTIONNAIRE_DELIVER_JOB]: questionnaireMailJob(deps, 'delivery'),
    [QUESTIONNAIRE_REMIND_JOB]: questionnaireMailJob(deps, 'reminder'),
  };
}

/**
 * Sends one request's link, only while the request is open: one answered in the room, revoked
 * or expired before the job ran needs no mail. The token is derived again here, at sending
 * time, so the job's payload holds only the request id. Each job has a unique key per request
 * and runs once; the audit row records that it went (never to where).
 */
function questionnaireMailJob(
  deps: QuestionnaireMailDeps,
  kind: 'delivery' | 'reminder',
): JobHandler {
  return async (job) => {
    const { requestId } = payloadSchema.parse(job.payload);
    if (!job.organizationId) return;
    const context = await findRequestMailContext(deps.db, job.organizationId, requestId);
    const now = deps.clock();
    if (!context?.email || context.status !== 'open' || context.expiresAt <= now.toISOString())
      return;
    const link = `${deps.publicUrl}/q/${questionnaireToken(deps.secret, requestId)}`;
    await deps.mailer.send(
      questionnaireMail(context.email, {
        kind,
        language: context.language,
        practiceName: context.practiceName,
        link,
        expiresAt: context.expiresAt,
        timeZone: context.clinicTimeZone,
      }),
    );
    await recordAudit(deps.db, deps.clock, {
      organizationId: job.organizationId,
      actorType: 'system',
      actorId: null,
      action: kind === 'delivery' ? 'questionnaire.mail' : 'questionnaire.remind',
      entityType: 'questionnaire_request',
      entityId: requestId,
      details: { caseId: context.caseId, jobId: job.id },
    });
  };
}
