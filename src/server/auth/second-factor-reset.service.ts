import { randomUUID } from 'node:crypto';
import { AppError, conflict } from '../../core/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';
import { deleteAuthSessionsOfStaff, findSecondFactorAt } from './auth-session.repository.ts';
import { findStaffCredentialsByEmail } from './credential.repository.ts';
import { deleteSecondFactor, findStaffTotp } from './totp.repository.ts';

export const SECOND_FACTOR_RESET_MAIL_JOB = 'auth.second-factor-reset-mail';

/** How recently an admin must have given their own second factor to reset a colleague's. */
export const RECENT_SECOND_FACTOR_MS = 15 * 60_000;

/**
 * 403 unless the actor's session proved its second factor within the last 15 minutes: a
 * session left open on an unattended computer must not be enough to take away someone
 * else's second factor. The problem carries `reauthenticate: second-factor`, so the web app
 * can ask for a code (POST /api/auth/second-factor/verify) and try again.
 */
export async function assertRecentSecondFactor(
  db: Executor,
  clock: Clock,
  actor: { organizationId: string; authSessionId: string },
): Promise<void> {
  const at = await findSecondFactorAt(db, actor.organizationId, actor.authSessionId);
  if (at === null || clock().getTime() - Date.parse(at) > RECENT_SECOND_FACTOR_MS)
    throw new AppError(
      'forbidden',
      'Confirm it is you: enter a code from your authenticator app, then try again (needed within 15 minutes of this step).',
      [],
      { reauthenticate: 'second-factor' },
    );
}

/**
 * Takes a person's second factor away, inside the caller's transaction (which also writes
 * the audit row): the TOTP secret and recovery codes go, every session of theirs ends, and
 * a job mails them. At their next sign-in (two-factor mode) they set up an app again.
 * 409 when they have no second factor to reset.
 */
export async function resetSecondFactor(
  trx: Executor,
  clock: Clock,
  person: { organizationId: string; staffUserId: string },
): Promise<void> {
  const { organizationId, staffUserId } = person;
  const totp = await findStaffTotp(trx, organizationId, staffUserId);
  if (!totp?.confirmedAt) throw conflict('This person has no second factor set up.');
  await deleteSecondFactor(trx, organizationId, staffUserId);
  await deleteAuthSessionsOfStaff(trx, organizationId, staffUserId);
  const now = clock().toISOString();
  await enqueueJob(
    trx,
    {
      id: randomUUID(),
      organizationId,
      type: SECOND_FACTOR_RESET_MAIL_JOB,
      payload: { staffUserId },
      runAt: now,
      maxAttempts: 3,
    },
    now,
  );
}

/** `rapport user reset-2fa`: the same reset by the operator, audited as the command line. */
export async function resetSecondFactorByEmail(
  db: Database,
  clock: Clock,
  email: string,
): Promise<{ staffUserId: string }> {
  const staff = await findStaffCredentialsByEmail(db, email.trim());
  if (!staff) throw new AppError('not_found', 'no staff account has that e-mail address');
  await inTransaction(db, async (trx) => {
    await resetSecondFactor(trx, clock, {
      organizationId: staff.organizationId,
      staffUserId: staff.id,
    });
    await recordAudit(trx, clock, {
      organizationId: staff.organizationId,
      actorType: 'cli',
      actorId: null,
      action: 'auth.second-factor.reset',
      entityType: 'staff_user',
      entityId: staff.id,
    });
  });
  return { staffUserId: staff.id };
}
