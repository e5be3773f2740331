import type { Executor } from '../db/database.ts';

export interface StaffTotp {
  staffUserId: string;
  organizationId: string;
  /** As stored: sealed (see totp-secret-storage.service.ts), never used as it is. */
  sealedSecret: string;
  /** The key it is sealed under; null for a plain secret not yet sealed at start-up. */
  secretKeyId: string | null;
  confirmedAt: string | null;
  lastTimeStep: number | null;
}

export async function findStaffTotp(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<StaffTotp | undefined> {
  const row = await db
    .selectFrom('staff_totp')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .executeTakeFirst();
  return (
    row && {
      staffUserId: row.staff_user_id,
      organizationId: row.organization_id,
      sealedSecret: row.secret,
      secretKeyId: row.secret_key_id,
      confirmedAt: row.confirmed_at,
      lastTimeStep: row.last_time_step === null ? null : Number(row.last_time_step),
    }
  );
}

/** Starts (or restarts) an enrolment: an unconfirmed secret replaces an unconfirmed one. */
export async function replacePendingStaffTotp(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  secret: { sealed: string; keyId: string },
  now: string,
): Promise<void> {
  await db
    .deleteFrom('staff_totp')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where('confirmed_at', 'is', null)
    .execute();
  await db
    .insertInto('staff_totp')
    .values({
      staff_user_id: staffUserId,
      organization_id: organizationId,
      secret: secret.sealed,
      secret_key_id: secret.keyId,
      confirmed_at: null,
      last_time_step: null,
      created_at: now,
    })
    .execute();
}

export async function confirmStaffTotp(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('staff_totp')
    .set({ confirmed_at: now })
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .execute();
}

/**
 * Records an accepted code's time step, only if it is later than the last one: one atomic
 * statement, so two instances cannot both accept the same code. False means a replay.
 */
export async function advanceTotpTimeStep(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  timeStep: number,
): Promise<boolean> {
  const result = await db
    .updateTable('staff_totp')
    .set({ last_time_step: timeStep })
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  codes: { id: string; codeHash: string }[],
  now: string,
): Promise<void> {
  await db
    .deleteFrom('staff_recovery_code')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .execute();
  await db
    .insertInto('staff_recovery_code')
    .values(
      codes.map((c) => ({
        id: c.id,
        organization_id: organizationId,
        staff_user_id: staffUserId,
        code_hash: c.codeHash,
        created_at: now,
        used_at: null,
      })),
    )
    .execute();
}

/** Uses a recovery code if it is this person's and unused; one statement, so once only. */
export async function useRecoveryCode(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_code')
    .set({ used_at: now })
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_code')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A person's second factor goes: their TOTP secret (confirmed or pending) and recovery codes. */
export async function deleteSecondFactor(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<void> {
  await db
    .deleteFrom('staff_totp')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .execute();
  await db
    .deleteFrom('staff_recovery_code')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .execute();
}

/**
 * Every stored TOTP secret of the instance, across organizations: only the start-up sealing
 * and `rapport secrets rotate` read them all, since one instance secret covers them all.
 */
export async function listAllStoredTotpSecrets(
  db: Executor,
): Promise<{ staffUserId: string; secret: string; secretKeyId: string | null }[]> {
  const rows = await db
    .selectFrom('staff_totp')
    .select(['staff_user_id', 'secret', 'secret_key_id'])
    .orderBy('staff_user_id')
    .execute();
  return rows.map((r) => ({
    staffUserId: r.staff_user_id,
    secret: r.secret,
    secretKeyId: r.secret_key_id,
  }));
}

/**
 * Replaces one stored secret, only if it is still what the caller read (same key id): two
 * instances starting at once cannot seal a value twice. False means someone else did.
 */
export async function replaceStoredTotpSecret(
  db: Executor,
  staffUserId: string,
  was: { secretKeyId: string | null },
  sealed: { sealed: string; keyId: string },
): Promise<boolean> {
  const result = await db
    .updateTable('staff_totp')
    .set({ secret: sealed.sealed, secret_key_id: sealed.keyId })
    .where('staff_user_id', '=', staffUserId)
    .where((eb) =>
      was.secretKeyId === null
        ? eb('secret_key_id', 'is', null)
        : eb('secret_key_id', '=', was.secretKeyId),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
