import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/app-error.ts';
import { recordAudit, recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { enqueueJob } from '../jobs/job.repository.ts';
import type { AuthDeps, RequestOrigin } from './auth-deps.ts';
import {
  deleteAuthSessionsOfStaff,
  deleteAuthSessionsOfStaffExcept,
} from './auth-session.repository.ts';
import { takeAddressAllowance, tooManyRequests } from './auth-throttle.service.ts';
import {
  findStaffCredentials,
  findStaffCredentialsByEmail,
  updatePasswordHash,
} from './credential.repository.ts';
import { hashPassword, verifyPassword } from './password-hashing.ts';
import { checkPasswordPolicy, passwordProblemMessages } from './password-policy.ts';
import {
  consumePasswordReset,
  expirePasswordResetsOfStaff,
  findValidPasswordReset,
  insertPasswordReset,
} from './password-reset.repository.ts';
import { hashSecretToken } from './secret-token.ts';

export const PASSWORD_RESET_MAIL_JOB = 'auth.password-reset-mail';

/** Refuses a password that breaks the policy, with the reason as a field issue. */
export function assertPasswordAcceptable(password: string, email: string, field = 'password') {
  const problem = checkPasswordPolicy(password, { email });
  if (problem) {
    const message = passwordProblemMessages[problem];
    throw new AppError('validation', `The new password ${message}.`, [
      { path: field, message: `${problem}: ${message}` },
    ]);
  }
}

/** `rapport user set-password`: sets a password from the command line (a first admin's). */
export async function setPasswordByEmail(
  db: Database,
  clock: Clock,
  email: string,
  password: string,
): Promise<{ staffUserId: string }> {
  const staff = await findStaffCredentialsByEmail(db, email.trim());
  if (!staff) throw new AppError('not_found', 'no staff account has that e-mail address');
  assertPasswordAcceptable(password, staff.email);
  const hash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    await updatePasswordHash(trx, staff.organizationId, staff.id, hash);
    await deleteAuthSessionsOfStaff(trx, staff.organizationId, staff.id);
    await recordAudit(trx, clock, {
      organizationId: staff.organizationId,
      actorType: 'cli',
      actorId: null,
      action: 'auth.password.set',
      entityType: 'staff_user',
      entityId: staff.id,
    });
  });
  return { staffUserId: staff.id };
}

/** A signed-in person changes their password; their other sessions end. */
export async function changePassword(
  deps: AuthDeps,
  actor: { userId: string; organizationId: string; authSessionId: string },
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin,
): Promise<void> {
  const staff = await findStaffCredentials(deps.db, actor.organizationId, actor.userId);
  const change = {
    action: 'auth.password.change',
    entityType: 'staff_user',
    entityId: actor.userId,
  } as const;
  if (!staff?.passwordHash || !(await verifyPassword(staff.passwordHash, input.currentPassword))) {
    await recordStaffAudit(deps.db, deps.clock, actor, origin, {
      ...change,
      outcome: 'failed',
      details: { reason: 'wrong-password' },
    });
    throw new AppError('validation', 'The current password is not right.', [
      { path: 'currentPassword', message: 'is not right' },
    ]);
  }
  assertPasswordAcceptable(input.newPassword, staff.email, 'newPassword');
  const hash = await hashPassword(input.newPassword);
  await inTransaction(deps.db, async (trx) => {
    await updatePasswordHash(trx, actor.organizationId, actor.userId, hash);
    await deleteAuthSessionsOfStaffExcept(
      trx,
      actor.organizationId,
      actor.userId,
      actor.authSessionId,
    );
    await recordStaffAudit(trx, deps.clock, actor, origin, change);
  });
}

/**
 * Someone asks for a reset link. The answer is the same whether or not the address has an
 * account; if it has, a job mails the link (once: the jobs table runs each job once).
 */
export async function requestPasswordReset(
  deps: AuthDeps,
  email: string,
  origin: RequestOrigin,
): Promise<void> {
  if (!(await takeAddressAllowance(deps, 'password-reset', origin.ip ?? 'unknown'))) {
    const nobody = { organizationId: null, userId: null };
    await recordStaffAudit(deps.db, deps.clock, nobody, origin, {
      action: 'auth.password-reset.request',
      entityType: 'staff_user',
      entityId: null,
      outcome: 'denied',
      details: { reason: 'address-rate-limit' },
    });
    throw tooManyRequests();
  }
  const staff = await findStaffCredentialsByEmail(deps.db, email.trim());
  const now = deps.clock();
  if (!staff || staff.status !== 'active') {
    const someone = { organizationId: staff?.organizationId ?? null, userId: null };
    await recordStaffAudit(deps.db, deps.clock, someone, origin, {
      action: 'auth.password-reset.request',
      entityType: 'staff_user',
      entityId: staff?.id ?? null,
      outcome: 'failed',
      details: { reason: staff ? 'account-disabled' : 'unknown-email' },
    });
    return;
  }
  await inTransaction(deps.db, async (trx) => {
    const resetId = randomUUID();
    await insertPasswordReset(
      trx,
      {
        id: resetId,
        organizationId: staff.organizationId,
        staffUserId: staff.id,
        expiresAt: new Date(now.getTime() + deps.settings.passwordResetLifetimeMs).toISOString(),
      },
      now.toISOString(),
    );
    await enqueueJob(
      trx,
      {
        id: randomUUID(),
        organizationId: staff.organizationId,
        type: PASSWORD_RESET_MAIL_JOB,
        payload: { resetId },
        runAt: now.toISOString(),
        maxAttempts: 3,
      },
      now.toISOString(),
    );
    // Not yet signed in: the row names the account asked about, not an actor.
    const someone = { organizationId: staff.organizationId, userId: null };
    await recordStaffAudit(trx, deps.clock, someone, origin, {
      action: 'auth.password-reset.request',
      entityType: 'staff_user',
      entityId: staff.id,
      details: { resetId },
    });
  });
}

const invalidLink = () =>
  new AppError('validation', 'This reset link is not valid any more: ask for a new one.', [
    { path: 'token', message: 'is not valid or has expired' },
  ]);

/** Sets a new password with a reset link's token: once, before it expires. */
export async function completePasswordReset(
  deps: AuthDeps,
  input: { token: string; password: string },
  origin: RequestOrigin,
): Promise<void> {
  const tokenHash = hashSecretToken(input.token);
  const now = deps.clock().toISOString();
  // Checked before the token is spent, so a refused password does not burn the link.
  const pending = await findValidPasswordReset(deps.db, tokenHash, now);
  if (!pending) throw invalidLink();
  const staff = await findStaffCredentials(deps.db, pending.organizationId, pending.staffUserId);
  if (!staff || staff.status !== 'active') throw invalidLink();
  assertPasswordAcceptable(input.password, staff.email);
  const hash = await hashPassword(input.password);
  await inTransaction(deps.db, async (trx) => {
    const reset = await consumePasswordReset(trx, tokenHash, now);
    if (!reset) throw invalidLink();
    await updatePasswordHash(trx, staff.organizationId, staff.id, hash);
    await expirePasswordResetsOfStaff(trx, staff.organizationId, staff.id, now);
    await deleteAuthSessionsOfStaff(trx, staff.organizationId, staff.id);
    const actor = { organizationId: staff.organizationId, userId: staff.id };
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'auth.password-reset.complete',
      entityType: 'staff_user',
      entityId: staff.id,
      details: { resetId: reset.id },
    });
  });
}
