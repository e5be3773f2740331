import { z } from 'zod';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-worker.ts';
import type { Mailer } from '../mail/mailer.ts';
import { findStaffCredentials } from './credential.repository.ts';

const payloadSchema = z.object({ staffUserId: z.uuid() });

/**
 * Tells a person their second factor was reset, so that a reset they did not ask for is
 * noticed. It names no one: the admin is in the audit trail, and the mail may be read by
 * whoever took the account.
 */
export function secondFactorResetMailJob(deps: {
  db: Database;
  clock: Clock;
  mailer: Mailer;
  publicUrl: string;
}): JobHandler {
  return async (job) => {
    const { staffUserId } = payloadSchema.parse(job.payload);
    if (!job.organizationId) return;
    const staff = await findStaffCredentials(deps.db, job.organizationId, staffUserId);
    if (!staff || staff.status !== 'active') return;
    await deps.mailer.send({
      to: staff.email,
      subject: 'Rapport: your second factor was reset',
      text: [
        'The second factor (authenticator app) of your Rapport account was reset by an',
        'administrator, and you were signed out everywhere. Your recovery codes no longer',
        'work.',
        '',
        `Next time you sign in at ${deps.publicUrl}, you will set up your authenticator`,
        'app again. If you did not ask for this, tell your clinic administrator at once.',
        '',
        'Un administrador ha restablecido el segundo factor (la aplicación de',
        'autenticación) de su cuenta de Rapport y se ha cerrado su sesión en todas partes.',
        'Sus códigos de recuperación ya no sirven. La próxima vez que entre, configurará la',
        'aplicación de nuevo. Si no lo ha pedido usted, avise enseguida a su administrador.',
      ].join('\n'),
    });
    await recordAudit(deps.db, deps.clock, {
      organizationId: job.organizationId,
      actorType: 'system',
      actorId: null,
      action: 'auth.second-factor.reset-mail',
      entityType: 'staff_user',
      entityId: staffUserId,
    });
  };
}
