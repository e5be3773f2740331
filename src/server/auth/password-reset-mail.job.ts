import { z } from 'zod';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-worker.ts';
import type { Mailer } from '../mail/mailer.ts';
import { findStaffCredentials } from './credential.repository.ts';
import { setPasswordResetToken } from './password-reset.repository.ts';
import { hashSecretToken, newSecretToken } from './secret-token.ts';

const payloadSchema = z.object({ resetId: z.uuid() });

/**
 * Mails a reset link. The token is made here, at sending time, and only its hash is
 * stored: the job's payload (a row in the jobs table) never holds it. A retry after a
 * failed send makes a new token, which replaces the one that never arrived.
 */
export function passwordResetMailJob(deps: {
  db: Database;
  clock: Clock;
  mailer: Mailer;
  publicUrl: string;
}): JobHandler {
  return async (job) => {
    const { resetId } = payloadSchema.parse(job.payload);
    const token = newSecretToken();
    const now = deps.clock();
    const reset = await setPasswordResetToken(
      deps.db,
      resetId,
      hashSecretToken(token),
      now.toISOString(),
    );
    if (!reset) return; // used or expired meanwhile: nothing to send
    const staff = await findStaffCredentials(deps.db, reset.organizationId, reset.staffUserId);
    if (!staff || staff.status !== 'active') return;
    const minutes = Math.round((Date.parse(reset.expiresAt) - now.getTime()) / 60_000);
    // The token travels in the fragment (#), which browsers never send to any server.
    const link = `${deps.publicUrl}/reset-password#token=${token}`;
    await deps.mailer.send({
      to: staff.email,
      subject: 'Rapport: set a new password',
      text: [
        'Someone (we hope you) asked to set a new password for your Rapport account.',
        '',
        `Open this link within ${minutes} minutes to choose a new password:`,
        link,
        '',
        'The link works once. If you did not ask for it, ignore this message: your',
        'password stays as it is.',
        '',
        'Alguien (esperamos que usted) ha pedido una contraseña nueva para su cuenta de',
        `Rapport. Abra el enlace de arriba en los próximos ${minutes} minutos para elegirla.`,
        'Si no la ha pedido usted, ignore este mensaje.',
      ].join('\n'),
    });
    await recordAudit(deps.db, deps.clock, {
      organizationId: reset.organizationId,
      actorType: 'system',
      actorId: null,
      action: 'auth.password-reset.mail',
      entityType: 'staff_user',
      entityId: reset.staffUserId,
      details: { resetId },
    });
  };
}
