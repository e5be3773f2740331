import type { Executor } from '../db/database.ts';

export interface PasswordReset {
  id: string;
  organizationId: string;
  staffUserId: string;
  expiresAt: string;
}

export async function insertPasswordReset(
  db: Executor,
  reset: PasswordReset,
  now: string,
): Promise<void> {
  await db
    .insertInto('password_reset')
    .values({
      id: reset.id,
      organization_id: reset.organizationId,
      staff_user_id: reset.staffUserId,
      token_hash: null,
      created_at: now,
      expires_at: reset.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Gives a pending reset its token's hash, if it is still unused and unexpired; the job
 * that mails the link calls this, so the token itself is never written anywhere.
 */
export async function setPasswordResetToken(
  db: Executor,
  id: string,
  tokenHash: string,
  now: string,
): Promise<PasswordReset | undefined> {
  const row = await db
    .updateTable('password_reset')
    .set({ token_hash: tokenHash })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'organization_id', 'staff_user_id', 'expires_at'])
    .executeTakeFirst();
  return row && toPasswordReset(row);
}

export async function findValidPasswordReset(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<PasswordReset | undefined> {
  const row = await db
    .selectFrom('password_reset')
    .select(['id', 'organization_id', 'staff_user_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && toPasswordReset(row);
}

/** Marks a reset used if its token is valid now; one statement, so a link works once. */
export async function consumePasswordReset(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<PasswordReset | undefined> {
  const row = await db
    .updateTable('password_reset')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'organization_id', 'staff_user_id', 'expires_at'])
    .executeTakeFirst();
  return row && toPasswordReset(row);
}

/** After a successful reset every other link of that person stops working too. */
export async function expirePasswordResetsOfStaff(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('password_reset')
    .set({ used_at: now })
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where('used_at', 'is', null)
    .execute();
}

function toPasswordReset(row: {
  id: string;
  organization_id: string;
  staff_user_id: string;
  expires_at: string;
}): PasswordReset {
  return {
    id: row.id,
    organizationId: row.organization_id,
    staffUserId: row.staff_user_id,
    expiresAt: row.expires_at,
  };
}
