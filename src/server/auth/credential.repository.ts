import type { Executor } from '../db/database.ts';

export interface StaffCredentials {
  id: string;
  organizationId: string;
  email: string;
  status: 'active' | 'disabled';
  passwordHash: string | null;
}

/** Sign-in finds a person by address before any organization is known. */
export async function findStaffCredentialsByEmail(
  db: Executor,
  email: string,
): Promise<StaffCredentials | undefined> {
  const row = await db
    .selectFrom('staff_user')
    .select(['id', 'organization_id', 'email', 'status', 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      email: row.email,
      status: row.status,
      passwordHash: row.password_hash,
    }
  );
}

export async function findStaffCredentials(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<StaffCredentials | undefined> {
  const row = await db
    .selectFrom('staff_user')
    .select(['id', 'organization_id', 'email', 'status', 'password_hash'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', staffUserId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      email: row.email,
      status: row.status,
      passwordHash: row.password_hash,
    }
  );
}

export async function updatePasswordHash(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({ password_hash: passwordHash })
    .where('organization_id', '=', organizationId)
    .where('id', '=', staffUserId)
    .execute();
}

/** The demo gives every account of its organization the same, printed password. */
export async function setPasswordHashForOrganization(
  db: Executor,
  organizationId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({ password_hash: passwordHash })
    .where('organization_id', '=', organizationId)
    .execute();
}
