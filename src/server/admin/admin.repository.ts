import type { Executor } from '../db/database.ts';
import type { AuditEventTable, StaffRoleName } from '../db/database-schema.ts';
import type { AuditDetails, StoredAuditEvent } from '../audit/audit.repository.ts';

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

export interface AuditPageFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: AuditEventTable['outcome'];
  from?: string;
  to?: string;
  /** Keyset pagination: events older than this id (the previous page's last). */
  before?: number;
  limit: number;
}

/**
 * One page of the organization's audit trail, newest first. Keyset pagination on the
 * increasing id, so a page stays right while new events are written.
 */
export async function listAuditPage(
  db: Executor,
  organizationId: string,
  filter: AuditPageFilter,
): Promise<{ events: StoredAuditEvent[]; hasMore: boolean }> {
  let query = db
    .selectFrom('audit_event')
    .selectAll()
    .where('organization_id', '=', organizationId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const events = rows.slice(0, filter.limit).map((row) => ({
    id: Number(row.id),
    organizationId: row.organization_id,
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    outcome: row.outcome,
    ip: row.ip,
    requestId: row.request_id,
    details: JSON.parse(row.details) as AuditDetails,
  }));
  return { events, hasMore: rows.length > filter.limit };
}
