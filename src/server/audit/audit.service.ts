import type { AuditAction, AuditEntityType } from '../../core/api/audit-vocabulary.ts';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { type AuditDetails, type AuditEvent, insertAuditEvent } from './audit.repository.ts';

export type AuditInput = Omit<
  AuditEvent,
  'occurredAt' | 'ip' | 'requestId' | 'details' | 'outcome'
> &
  Partial<Pick<AuditEvent, 'ip' | 'requestId' | 'details' | 'outcome'>>;

/** Writes one audit row, inside the caller's transaction when it passes one. */
export async function recordAudit(db: Executor, clock: Clock, event: AuditInput): Promise<void> {
  await insertAuditEvent(db, {
    ...event,
    occurredAt: clock().toISOString(),
    outcome: event.outcome ?? 'success',
    ip: event.ip ?? null,
    requestId: event.requestId ?? null,
    details: event.details ?? {},
  });
}

/**
 * The staff member an audit row names. A `StaffActor` fits; so does someone not yet signed
 * in (a failed sign-in, a reset request), whose organization or id may be unknown.
 */
export interface AuditStaff {
  organizationId: string | null;
  userId: string | null;
}

/** Where the request came from (auth's `RequestOrigin` fits). */
export type AuditOrigin = Pick<AuditEvent, 'ip' | 'requestId'>;

export interface StaffAuditEvent {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  /** 'success' unless said otherwise. */
  outcome?: AuditEvent['outcome'];
  /** Identifiers and counts only: never answers, free text, tokens or names. */
  details?: AuditDetails;
}

/**
 * Writes one audit row for something a staff member did over HTTP: who (their organization
 * and id), from where (address and request id) and when (the clock) are filled here, so a
 * call site names only what happened.
 */
export function recordStaffAudit(
  db: Executor,
  clock: Clock,
  actor: AuditStaff,
  origin: AuditOrigin,
  event: StaffAuditEvent,
): Promise<void> {
  return recordAudit(db, clock, {
    organizationId: actor.organizationId,
    actorType: 'staff',
    actorId: actor.userId,
    ...event,
    ip: origin.ip,
    requestId: origin.requestId,
  });
}
