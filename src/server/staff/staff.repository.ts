import type { Executor } from '../db/database.ts';
import type { StaffRoleName, StaffUserTable } from '../db/database-schema.ts';

export interface StaffUser {
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  status: 'active' | 'disabled';
}

export interface StaffRole {
  clinicId: string;
  role: StaffRoleName;
}

const staffRowToStaffUser = (row: Omit<StaffUserTable, 'password_hash'>): StaffUser => ({
  id: row.id,
  organizationId: row.organization_id,
  email: row.email,
  displayName: row.display_name,
  status: row.status,
});

const staffColumns = [
  'id',
  'organization_id',
  'email',
  'display_name',
  'status',
  'created_at',
] as const;

export async function insertStaffUser(
  db: Executor,
  user: StaffUser,
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('staff_user')
    .values({
      id: user.id,
      organization_id: user.organizationId,
      email: user.email,
      display_name: user.displayName,
      password_hash: null,
      status: user.status,
      created_at: createdAt,
    })
    .execute();
}

export async function insertStaffRole(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  role: StaffRole,
): Promise<void> {
  await db
    .insertInto('staff_role')
    .values({
      organization_id: organizationId,
      staff_user_id: staffUserId,
      clinic_id: role.clinicId,
      role: role.role,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertSupervision(
  db: Executor,
  organizationId: string,
  supervisorId: string,
  superviseeId: string,
): Promise<void> {
  await db
    .insertInto('supervision')
    .values({
      organization_id: organizationId,
      supervisor_id: supervisorId,
      supervisee_id: superviseeId,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Login looks a person up by address before any organization is known. */
export async function findStaffUserByEmail(
  db: Executor,
  email: string,
): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom('staff_user')
    .select(staffColumns)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row && staffRowToStaffUser(row);
}

export async function findStaffUser(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom('staff_user')
    .select(staffColumns)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && staffRowToStaffUser(row);
}

export async function listStaffRoles(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<StaffRole[]> {
  const rows = await db
    .selectFrom('staff_role')
    .select(['clinic_id', 'role'])
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .orderBy('clinic_id')
    .orderBy('role')
    .execute();
  return rows.map((r) => ({ clinicId: r.clinic_id, role: r.role }));
}

export interface StaffListEntry extends StaffUser {
  roles: StaffRole[];
}

export async function listStaff(db: Executor, organizationId: string): Promise<StaffListEntry[]> {
  const users = await db
    .selectFrom('staff_user')
    .select(staffColumns)
    .where('organization_id', '=', organizationId)
    .orderBy('display_name')
    .execute();
  const roles = await db
    .selectFrom('staff_role')
    .select(['staff_user_id', 'clinic_id', 'role'])
    .where('organization_id', '=', organizationId)
    .execute();
  const byUser = new Map<string, StaffRole[]>();
  for (const r of roles) {
    const list = byUser.get(r.staff_user_id) ?? [];
    list.push({ clinicId: r.clinic_id, role: r.role });
    byUser.set(r.staff_user_id, list);
  }
  return users.map((u) => ({ ...staffRowToStaffUser(u), roles: byUser.get(u.id) ?? [] }));
}
