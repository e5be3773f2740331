import type { Executor } from '../db/database.ts';
import type { StaffRoleName } from '../db/database-schema.ts';
import {
  type AuditFilter,
  type StoredAuditEvent,
  listAuditEvents,
} from '../audit/audit.repository.ts';

/** Renames a clinic or changes its time zone; false when no clinic of the organization has that id. */
export async function updateClinic(
  db: Executor,
  organizationId: string,
  id: string,
  changes: { name?: string; timeZone?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('clinic')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces a person's roles at one clinic with `roles` (their roles elsewhere stay). */
export async function replaceStaffRolesAtClinic(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  clinicId: string,
  roles: readonly StaffRoleName[],
): Promise<void> {
  await db
    .deleteFrom('staff_role')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where('clinic_id', '=', clinicId)
    .execute();
  if (roles.length > 0)
    await db
      .insertInto('staff_role')
      .values(
        roles.map((role) => ({
          organization_id: organizationId,
          staff_user_id: staffUserId,
          clinic_id: clinicId,
          role,
        })),
      )
      .execute();
}

export async function setStaffStatus(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  status: 'active' | 'disabled',
): Promise<boolean> {
  const result = await db
    .updateTable('staff_user')
    .set({ status })
    .where('organization_id', '=', organizationId)
    .where('id', '=', staffUserId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface SupervisionPair {
  supervisorId: string;
  superviseeId: string;
}

export async function listSupervisionPairs(
  db: Executor,
  organizationId: string,
): Promise<SupervisionPair[]> {
  const rows = await db
    .selectFrom('supervision')
    .select(['supervisor_id', 'supervisee_id'])
    .where('organization_id', '=', organizationId)
    .orderBy('supervisor_id')
    .orderBy('supervisee_id')
    .execute();
  return rows.map((r) => ({ supervisorId: r.supervisor_id, superviseeId: r.supervisee_id }));
}

export async function deleteSupervision(
  db: Executor,
  organizationId: string,
  pair: SupervisionPair,
): Promise<boolean> {
  const result = await db
    .deleteFrom('supervision')
    .where('organization_id', '=', organizationId)
    .where('supervisor_id', '=', pair.supervisorId)
    .where('supervisee_id', '=', pair.superviseeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface AuditPageFilter extends AuditFilter {
  limit: number;
}

/**
 * One page of the organization's audit trail, newest first. Keyset pagination on the
 * increasing id (`before`), so a page stays right while new events are written.
 */
export async function listAuditPage(
  db: Executor,
  organizationId: string,
  filter: AuditPageFilter,
): Promise<{ events: StoredAuditEvent[]; hasMore: boolean }> {
  const rows = await listAuditEvents(db, organizationId, { ...filter, limit: filter.limit + 1 });
  return { events: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
}
