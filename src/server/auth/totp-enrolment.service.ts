import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { AppError, conflict } from '../../core/app-error.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import { inTransaction } from '../db/database.ts';
import type { AuthSessionLevel } from '../db/database-schema.ts';
import type { AuthDeps, RequestOrigin } from './auth-deps.ts';
import { type StartedSession, startSession } from './auth-session.service.ts';
import { findStaffCredentials } from './credential.repository.ts';
import {
  RECOVERY_CODE_COUNT,
  hashRecoveryCode,
  newRecoveryCode,
  normalizeRecoveryCode,
} from './recovery-code.ts';
import { checkTotpCode, newTotpSecret, totpUri } from './totp-code.ts';
import { openTotpSecret, sealTotpSecret } from './totp-secret-storage.service.ts';
import {
  advanceTotpTimeStep,
  confirmStaffTotp,
  findStaffTotp,
  replacePendingStaffTotp,
  replaceRecoveryCodes,
} from './totp.repository.ts';

interface EnrollingSession {
  id: string;
  organizationId: string;
  staffUserId: string;
  level: AuthSessionLevel;
}

export interface TotpEnrolment {
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  otpauthUri: string;
  /** The same address as a QR code, a PNG data: URL. */
  qrCodeDataUrl: string;
}

function assertMayEnrol(session: EnrollingSession) {
  // A session still waiting for its second factor must not replace that factor.
  if (session.level === 'second-factor')
    throw new AppError('unauthorized', 'Finish signing in first.');
}

/** Starts enrolment: a new secret, kept unconfirmed until the first code proves the app has it. */
export async function startTotpEnrolment(
  deps: AuthDeps,
  session: EnrollingSession,
): Promise<TotpEnrolment> {
  assertMayEnrol(session);
  const { organizationId, staffUserId } = session;
  const existing = await findStaffTotp(deps.db, organizationId, staffUserId);
  if (existing?.confirmedAt) throw conflict('A second factor is already set up for this account.');
  const staff = await findStaffCredentials(deps.db, organizationId, staffUserId);
  if (!staff) throw new AppError('unauthorized', 'Sign in first.');
  const secret = newTotpSecret();
  await replacePendingStaffTotp(
    deps.db,
    organizationId,
    staffUserId,
    sealTotpSecret(deps, secret),
    deps.clock().toISOString(),
  );
  const otpauthUri = totpUri(staff.email, secret);
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M' });
  return { secret, otpauthUri, qrCodeDataUrl };
}

/**
 * Confirms enrolment with a code from the app, creates 10 recovery codes (returned once,
 * stored hashed) and, for a session that was waiting for enrolment, starts a full session.
 */
export async function confirmTotpEnrolment(
  deps: AuthDeps,
  session: EnrollingSession,
  code: string,
  origin: RequestOrigin,
): Promise<{ recoveryCodes: string[]; started: StartedSession | null }> {
  assertMayEnrol(session);
  const { organizationId, staffUserId } = session;
  const actor = { organizationId, userId: staffUserId };
  const totp = await findStaffTotp(deps.db, organizationId, staffUserId);
  if (!totp) throw new AppError('conflict', 'Start the set-up again: no QR code was made.');
  if (totp.confirmedAt) throw conflict('A second factor is already set up for this account.');
  const now = deps.clock();
  const secret = openTotpSecret(deps, totp);
  const step = await checkTotpCode(secret, code.replace(/\s/g, ''), now, totp.lastTimeStep);
  if (step === null) {
    await recordStaffAudit(deps.db, deps.clock, actor, origin, {
      action: 'auth.totp.enrol',
      entityType: 'staff_user',
      entityId: staffUserId,
      outcome: 'failed',
      details: { reason: 'wrong-code' },
    });
    throw new AppError('validation', 'The code is not right. Check the time on your phone.', [
      { path: 'code', message: 'is not right' },
    ]);
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await inTransaction(deps.db, async (trx) => {
    await confirmStaffTotp(trx, organizationId, staffUserId, now.toISOString());
    await advanceTotpTimeStep(trx, organizationId, staffUserId, step);
    await replaceRecoveryCodes(
      trx,
      organizationId,
      staffUserId,
      recoveryCodes.map((c) => ({
        id: randomUUID(),
        codeHash: hashRecoveryCode(normalizeRecoveryCode(c)!),
      })),
      now.toISOString(),
    );
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'auth.totp.enrol',
      entityType: 'staff_user',
      entityId: staffUserId,
      details: { recoveryCodes: recoveryCodes.length },
    });
  });
  const started =
    session.level === 'enrolment'
      ? await startSession(deps, { id: staffUserId, organizationId }, 'full', session.id, {
          secondFactorAt: now.toISOString(),
        })
      : null;
  return { recoveryCodes, started };
}
