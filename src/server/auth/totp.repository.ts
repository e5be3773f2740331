import type { Executor } from '../db/database.ts';

export interface StaffTotp {
  staffUserId: string;
  organizationId: string;
  secret: string;
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
      secret: row.secret,
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
  secret: string,
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
      secret,
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
