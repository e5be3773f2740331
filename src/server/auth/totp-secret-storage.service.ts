import { AppError } from '../../core/app-error.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { type SecretBox, SecretBoxError, createSecretBox } from '../secrets/secret-box.ts';
import type { AuthDeps } from './auth-deps.ts';
import {
  type StaffTotp,
  listAllStoredTotpSecrets,
  replaceStoredTotpSecret,
} from './totp.repository.ts';

/** The box TOTP secrets are sealed in: its own key, derived from the instance secret. */
export const totpSecretBox = (instanceSecret: string): SecretBox =>
  createSecretBox(instanceSecret, 'totp');

function requireBox(deps: Pick<AuthDeps, 'totpBox'>): SecretBox {
  if (!deps.totpBox)
    throw new AppError('unavailable', 'The instance secret is not configured (RAPPORT_SECRET).');
  return deps.totpBox;
}

/** A new base32 secret, sealed for storage. */
export function sealTotpSecret(
  deps: Pick<AuthDeps, 'totpBox'>,
  plain: string,
): { sealed: string; keyId: string } {
  const box = requireBox(deps);
  return { sealed: box.seal(plain), keyId: box.keyId };
}

/**
 * The base32 secret of a stored second factor. A value sealed under another key means the
 * instance secret changed without `rapport secrets rotate` (or this is a copy of the
 * database elsewhere): nobody can sign in with it, and the answer says so without
 * counting as a wrong code. A plain value (key id null) was stored before sealing existed
 * and is sealed at the next start (encryptPlainTotpSecrets); reading it grants nothing a
 * database writer could not get by deleting the row.
 */
export function openTotpSecret(deps: Pick<AuthDeps, 'totpBox'>, totp: StaffTotp): string {
  if (totp.secretKeyId === null) return totp.sealedSecret;
  const box = requireBox(deps);
  try {
    return box.open(totp.sealedSecret);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new AppError(
      'unavailable',
      'The second factor cannot be checked: it was stored under another instance secret. Ask the operator (docs/operations.md, "Instance secret").',
    );
  }
}

/**
 * Seals every TOTP secret still stored plain (before 2026-12-04-second-factor-at-rest).
 * Migrations cannot do it (they never see the instance secret), so the server's start and
 * `rapport migrate` call this after migrating. Idempotent: sealed rows are left alone, and
 * each update checks the row is still plain, so two instances starting at once seal each
 * value once. Returns how many it sealed, and how many are sealed under a key this
 * secret does not open (for a warning: the secret changed without a rotation).
 */
export async function encryptPlainTotpSecrets(
  db: Database,
  box: SecretBox,
): Promise<{ sealed: number; foreign: number }> {
  return inTransaction(db, async (trx) => {
    let sealed = 0;
    let foreign = 0;
    for (const row of await listAllStoredTotpSecrets(trx)) {
      if (row.secretKeyId === box.keyId) continue;
      if (row.secretKeyId !== null) {
        foreign += 1;
        continue;
      }
      const value = { sealed: box.seal(row.secret), keyId: box.keyId };
      if (await replaceStoredTotpSecret(trx, row.staffUserId, row, value)) sealed += 1;
    }
    return { sealed, foreign };
  });
}

/**
 * `rapport secrets rotate`: re-seals every TOTP secret under the new instance secret, in one
 * transaction (all or nothing). Values already under the new key are left as they are, so a
 * rotation interrupted before the operator put the new secret in place can be run again.
 * A value that neither secret opens stops the rotation before anything changes.
 */
export async function rotateTotpSecrets(
  db: Database,
  oldBox: SecretBox,
  newBox: SecretBox,
): Promise<{ resealed: number; alreadyNew: number }> {
  if (oldBox.keyId === newBox.keyId)
    throw new AppError('validation', 'the new secret is the same as the current one');
  return inTransaction(db, async (trx) => {
    let resealed = 0;
    let alreadyNew = 0;
    for (const row of await listAllStoredTotpSecrets(trx)) {
      if (row.secretKeyId === newBox.keyId) {
        alreadyNew += 1;
        continue;
      }
      let plain: string;
      if (row.secretKeyId === null) plain = row.secret;
      else if (row.secretKeyId === oldBox.keyId) plain = oldBox.open(row.secret);
      else
        throw new AppError(
          'conflict',
          'a stored TOTP secret is sealed under neither the current nor the new secret; nothing was changed',
        );
      const value = { sealed: newBox.seal(plain), keyId: newBox.keyId };
      if (!(await replaceStoredTotpSecret(trx, row.staffUserId, row, value)))
        throw new AppError('conflict', 'a TOTP secret changed during the rotation; run it again');
      resealed += 1;
    }
    return { resealed, alreadyNew };
  });
}
