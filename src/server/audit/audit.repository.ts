import type { AuditAction, AuditEntityType } from '../../core/api/audit-vocabulary.ts';
import type { Executor } from '../db/database.ts';
import type { AuditEventTable } from '../db/database-schema.ts';

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEvent {
  organizationId: string | null;
  occurredAt: string;
  actorType: AuditEventTable['actor_type'];
  actorId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  outcome: AuditEventTable['outcome'];
  ip: string | null;
  requestId: string | null;
  /** Identifiers and counts only: never answers, free text, tokens or names. */
  details: AuditDetails;
}

/** A row as stored: rows written by older versions may use words no longer written. */
export interface StoredAuditEvent extends Omit<AuditEvent, 'action' | 'entityType'> {
  id: number;
  action: string;
  entityType: string;
}

export interface AuditFilter {
  actorId?: string;
  entityType?: AuditEntityType;
  entityId?: string;
  action?: AuditAction;
  outcome?: AuditEventTable['outcome'];
  from?: string;
  to?: string;
  /** Keyset pagination: only events older than this id (the previous page's last). */
  before?: number;
  limit?: number;
}

export async function insertAuditEvent(db: Executor, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      organization_id: event.organizationId,
      occurred_at: event.occurredAt,
      actor_type: event.actorType,
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      outcome: event.outcome,
      ip: event.ip,
      request_id: event.requestId,
      details: JSON.stringify(event.details),
    })
    .execute();
}

export async function listAuditEvents(
  db: Executor,
  organizationId: string,
  filter: AuditFilter = {},
): Promise<StoredAuditEvent[]> {
  let query = db
    .selectFrom('audit_event')
    .selectAll()
    .where('organization_id', '=', organizationId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map((row) => ({
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
}
