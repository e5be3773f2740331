import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { type AuditEvent, insertAuditEvent } from './audit.repository.ts';

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
