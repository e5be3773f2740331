import { AppError } from '../../core/app-error.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { AuthSessionLevel } from '../db/database-schema.ts';
import type { AuthDeps, RequestOrigin } from './auth-deps.ts';
import { markSecondFactorProved } from './auth-session.repository.ts';
import { type StartedSession, startSession } from './auth-session.service.ts';
import {
  clearFailures,
  emailKey,
  isBackedOff,
  recordFailure,
  secondFactorKey,
  countAddressFailure,
  isAddressOverLoginLimit,
  tooManyRequests,
} from './auth-throttle.service.ts';
import { findStaffCredentialsByEmail } from './credential.repository.ts';
import { verifyAgainstNothing, verifyPassword } from './password-hashing.ts';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-code.ts';
import { checkTotpCode } from './totp-code.ts';
import { openTotpSecret } from './totp-secret-storage.service.ts';
import {
  advanceTotpTimeStep,
  countUnusedRecoveryCodes,
  findStaffTotp,
  useRecoveryCode,
} from './totp.repository.ts';

/** Where a person stands in signing in; the web app shows the page that goes with it. */
export type SignInState = 'signed-out' | 'second-factor' | 'enrol-second-factor' | 'signed-in';

export const stateOfLevel = (level: AuthSessionLevel): SignInState =>
  level === 'full' ? 'signed-in' : level === 'enrolment' ? 'enrol-second-factor' : 'second-factor';

// One answer for a wrong address and a wrong password, so the answer never tells whether
// an e-mail address has an account.
const wrongCredentials = () =>
  new AppError('unauthorized', 'The e-mail address or the password is not right.');

/**
 * The first factor. Checks the per-address rate limit and the per-account back-off before
 * the password, spends the same argon2 time whether or not the address exists, and on
 * success starts a new session (ending the request's old one) at the level that follows:
 * the second factor if the person has one, enrolment if the install requires one, or full.
 */
export async function signInWithPassword(
  deps: AuthDeps,
  input: { email: string; password: string },
  origin: RequestOrigin,
  currentSessionId: string | null,
): Promise<StartedSession> {
  const audit = (
    outcome: 'success' | 'failed' | 'denied',
    who: { organizationId: string | null; id: string | null },
    details: Record<string, string>,
  ) =>
    recordStaffAudit(
      deps.db,
      deps.clock,
      { organizationId: who.organizationId, userId: who.id },
      origin,
      {
        action: 'auth.login',
        entityType: 'staff_user',
        entityId: who.id,
        outcome,
        details,
      },
    );
  const nobody = { organizationId: null, id: null };

  const address = origin.ip ?? 'unknown';
  if (await isAddressOverLoginLimit(deps, address)) {
    await audit('denied', nobody, { reason: 'address-rate-limit' });
    throw tooManyRequests();
  }
  const key = emailKey(input.email);
  const staff = await findStaffCredentialsByEmail(deps.db, input.email.trim());
  const who = staff ? { organizationId: staff.organizationId, id: staff.id } : nobody;
  if (await isBackedOff(deps, key)) {
    await audit('denied', who, { reason: 'account-backoff' });
    throw tooManyRequests();
  }
  const usable = staff?.status === 'active' && staff.passwordHash !== null;
  const valid = usable
    ? await verifyPassword(staff.passwordHash!, input.password)
    : await verifyAgainstNothing(input.password);
  if (!staff || !valid) {
    await recordFailure(deps, key);
    await countAddressFailure(deps, address);
    await audit('failed', who, {
      reason: !staff ? 'unknown-email' : !usable ? 'account-unusable' : 'wrong-password',
    });
    throw wrongCredentials();
  }
  await clearFailures(deps, key);

  const totp = await findStaffTotp(deps.db, staff.organizationId, staff.id);
  const level: AuthSessionLevel = totp?.confirmedAt
    ? 'second-factor'
    : deps.settings.mode === 'two-factor'
      ? 'enrolment'
      : 'full';
  const started = await startSession(deps, staff, level, currentSessionId);
  await audit('success', who, { level, authSessionId: started.session.id });
  return started;
}

/**
 * The second factor: a 6-digit TOTP code or one of the recovery codes. Wrong codes count
 * towards the same back-off as passwords (a 6-digit code must not be guessable by trying).
 */
export async function completeSecondFactor(
  deps: AuthDeps,
  session: { id: string; organizationId: string; staffUserId: string; level: AuthSessionLevel },
  code: string,
  origin: RequestOrigin,
): Promise<StartedSession & { method: 'totp' | 'recovery-code'; recoveryCodesLeft: number }> {
  if (session.level !== 'second-factor')
    throw new AppError('conflict', 'This session is not waiting for a second factor.');
  const { organizationId, staffUserId } = session;
  const audit = (
    outcome: 'success' | 'failed' | 'denied',
    details: Record<string, string | number>,
  ) =>
    recordStaffAudit(deps.db, deps.clock, { organizationId, userId: staffUserId }, origin, {
      action: 'auth.second-factor',
      entityType: 'staff_user',
      entityId: staffUserId,
      outcome,
      details,
    });
  const key = secondFactorKey(staffUserId);
  if (await isBackedOff(deps, key)) {
    await audit('denied', { reason: 'account-backoff' });
    throw tooManyRequests();
  }
  const totp = await findStaffTotp(deps.db, organizationId, staffUserId);
  const trimmed = code.replace(/\s/g, '');
  let method: 'totp' | 'recovery-code' | null = null;
  if (totp?.confirmedAt && /^\d{6}$/.test(trimmed)) {
    const secret = openTotpSecret(deps, totp);
    const step = await checkTotpCode(secret, trimmed, deps.clock(), totp.lastTimeStep);
    if (step !== null && (await advanceTotpTimeStep(deps.db, organizationId, staffUserId, step)))
      method = 'totp';
  } else {
    const normalized = normalizeRecoveryCode(trimmed);
    if (
      normalized &&
      (await useRecoveryCode(
        deps.db,
        organizationId,
        staffUserId,
        hashRecoveryCode(normalized),
        deps.clock().toISOString(),
      ))
    )
      method = 'recovery-code';
  }
  if (!method) {
    await recordFailure(deps, key);
    await audit('failed', { reason: 'wrong-code' });
    throw new AppError('unauthorized', 'The code is not right. Try the newest code.');
  }
  await clearFailures(deps, key);
  const started = await startSession(
    deps,
    { id: staffUserId, organizationId },
    'full',
    session.id,
    {
      secondFactorAt: deps.clock().toISOString(),
    },
  );
  const recoveryCodesLeft = await countUnusedRecoveryCodes(deps.db, organizationId, staffUserId);
  await audit('success', { method, recoveryCodesLeft, authSessionId: started.session.id });
  return { ...started, method, recoveryCodesLeft };
}

/**
 * Re-authentication: a signed-in person gives a code from their authenticator app again,
 * so that a sensitive step (resetting a colleague's second factor) knows the person at the
 * keyboard holds it now. Recovery codes do not count here: they are for losing the phone.
 */
export async function reauthenticateSecondFactor(
  deps: AuthDeps,
  session: { id: string; organizationId: string; staffUserId: string },
  code: string,
  origin: RequestOrigin,
): Promise<{ secondFactorAt: string }> {
  const { organizationId, staffUserId } = session;
  const audit = (
    outcome: 'success' | 'failed' | 'denied',
    details: Record<string, string | number>,
  ) =>
    recordStaffAudit(deps.db, deps.clock, { organizationId, userId: staffUserId }, origin, {
      action: 'auth.second-factor',
      entityType: 'staff_user',
      entityId: staffUserId,
      outcome,
      details: { purpose: 're-authenticate', ...details },
    });
  const totp = await findStaffTotp(deps.db, organizationId, staffUserId);
  if (!totp?.confirmedAt)
    throw new AppError('conflict', 'You have no authenticator app set up to confirm with.');
  const key = secondFactorKey(staffUserId);
  if (await isBackedOff(deps, key)) {
    await audit('denied', { reason: 'account-backoff' });
    throw tooManyRequests();
  }
  const now = deps.clock();
  const step = await checkTotpCode(
    openTotpSecret(deps, totp),
    code.replace(/\s/g, ''),
    now,
    totp.lastTimeStep,
  );
  if (step === null || !(await advanceTotpTimeStep(deps.db, organizationId, staffUserId, step))) {
    await recordFailure(deps, key);
    await audit('failed', { reason: 'wrong-code' });
    throw new AppError('validation', 'The code is not right. Try the newest code.', [
      { path: 'code', message: 'is not right' },
    ]);
  }
  await clearFailures(deps, key);
  await markSecondFactorProved(deps.db, organizationId, session.id, now.toISOString());
  await audit('success', { method: 'totp', authSessionId: session.id });
  return { secondFactorAt: now.toISOString() };
}
