import { z } from 'zod';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-worker.ts';
import type { Mailer } from '../mail/mailer.ts';
import { ALERTS_RECOMPUTE_JOB } from '../measurement/alert-recompute-job.ts';
import {
  findActiveCaseTherapist,
  findAlert,
  listActiveCaseTherapists,
} from './alert.repository.ts';
import { ALERTS_NOTIFY_URGENT_JOB, enqueueUrgentAlertMails } from './alert-jobs.ts';
import { recomputeCaseAlerts } from './recompute-case-alerts.service.ts';

const recomputePayload = z.object({ caseId: z.uuid() });
const notifyPayload = z.object({ alertId: z.uuid(), staffUserId: z.uuid().optional() });

export interface AlertJobDeps {
  db: Database;
  clock: Clock;
  mailer: Mailer;
  /** The address staff open Rapport at, for the link in the mail. */
  publicUrl: string;
}

/** The alert layer's job handlers, to register with the job worker (src/server/main.ts). */
export function alertJobHandlers(deps: AlertJobDeps): Record<string, JobHandler> {
  return {
    [ALERTS_RECOMPUTE_JOB]: async (job) => {
      const { caseId } = recomputePayload.parse(job.payload);
      if (!job.organizationId) return;
      await recomputeCaseAlerts(deps.db, deps.clock, job.organizationId, caseId);
    },
    [ALERTS_NOTIFY_URGENT_JOB]: urgentAlertMailJob(deps),
  };
}

/**
 * Mails one therapist of the case that an urgent alert waits, with a link to the case's
 * alerts and nothing else: no client, no answer, no score (mail leaves our control).
 * One job per (alert, therapist), so a retry after a failed delivery re-sends only to the
 * therapist it failed for. An alert resolved before the job runs needs no mail, nor does a
 * therapist who has left the case or been disabled since.
 */
export function urgentAlertMailJob(deps: AlertJobDeps): JobHandler {
  return async (job) => {
    const { alertId, staffUserId } = notifyPayload.parse(job.payload);
    const organizationId = job.organizationId;
    if (!organizationId) return;
    const alert = await findAlert(deps.db, organizationId, alertId);
    if (!alert || alert.status === 'resolved') return;
    if (staffUserId === undefined) {
      // A job queued before mails went out one per therapist: split it into those jobs
      // (their unique keys make a second split queue nothing).
      const therapists = await listActiveCaseTherapists(deps.db, organizationId, alert.caseId);
      await inTransaction(deps.db, (trx) =>
        enqueueUrgentAlertMails(
          trx,
          deps.clock,
          organizationId,
          alertId,
          therapists.map((t) => t.id),
        ),
      );
      return;
    }
    const therapist = await findActiveCaseTherapist(
      deps.db,
      organizationId,
      alert.caseId,
      staffUserId,
    );
    if (!therapist) return;
    const link = `${deps.publicUrl}/cases/${alert.caseId}/alerts`;
    await deps.mailer.send({
      to: therapist.email,
      subject: 'Rapport: an urgent alert needs your attention',
      text: [
        'An urgent alert needs your attention in Rapport.',
        'Sign in to see it:',
        link,
        '',
        'Una alerta urgente requiere su atención en Rapport. Inicie sesión para verla',
        'en el enlace de arriba.',
      ].join('\n'),
    });
    await recordAudit(deps.db, deps.clock, {
      organizationId,
      actorType: 'system',
      actorId: null,
      action: 'alert.notify-urgent',
      entityType: 'alert',
      entityId: alertId,
      details: { caseId: alert.caseId, recipient: therapist.id },
    });
  };
}
