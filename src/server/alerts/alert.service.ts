import { type MailDelivery, mailDelivery } from '../../core/measurement/mail-delivery.ts';
import { findJobStatesByKey } from '../jobs/job.repository.ts';
import { ALERTS_NOTIFY_URGENT_JOB } from './alert-jobs.ts';
import { AppError, notFound } from '../../core/app-error.ts';
import { findCaseAccess } from '../access/case-access.repository.ts';
import { requireOpenCase } from '../cases/require-open-case.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import {
  type Alert,
  type AlertMember,
  findAlertForActor,
  listAlertsForCase,
  listCaseMembersForAlerts,
  updateAlert,
} from './alert.repository.ts';

export interface CaseAlerts {
  access: 'write' | 'read';
  alerts: Alert[];
  /** The case's members by name; an alert's respondentIds point into it. */
  members: AlertMember[];
  /** By alert id: what became of the urgent-alert mail to the actor, where one was queued. */
  mailsToYou: Record<string, MailDelivery>;
}

/** A case's alerts for its therapists and their supervisors; audited as a read. */
export async function listCaseAlerts(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<CaseAlerts> {
  return inTransaction(db, async (trx) => {
    const access = await findCaseAccess(trx, actor, caseId);
    if (!access) throw notFound('Case');
    const alerts = await listAlertsForCase(trx, actor, caseId);
    const members = await listCaseMembersForAlerts(trx, actor, caseId);
    const mailKey = (alertId: string) => `${ALERTS_NOTIFY_URGENT_JOB}:${alertId}:${actor.userId}`;
    const urgent = alerts.filter((a) => a.severity === 'urgent').map((a) => a.id);
    const jobs = await findJobStatesByKey(trx, actor.organizationId, urgent.map(mailKey));
    const mailsToYou: Record<string, MailDelivery> = {};
    for (const alertId of urgent) {
      const job = jobs.get(mailKey(alertId));
      if (job) mailsToYou[alertId] = mailDelivery(job);
    }
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'alert.list',
      entityType: 'care_case',
      entityId: caseId,
      details: { count: alerts.length },
    });
    return { access, alerts, members, mailsToYou };
  });
}

/** The therapist has seen the alert: open → acknowledged (again is a no-op). */
export async function acknowledgeAlert(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  alertId: string,
  origin: RequestOrigin,
): Promise<Alert> {
  return inTransaction(db, async (trx) => {
    const alert = await alertTherapistMayChange(trx, actor, alertId);
    await requireOpenCase(trx, actor.organizationId, alert.caseId);
    if (alert.status === 'resolved')
      throw new AppError('conflict', 'This alert is already resolved.');
    if (alert.status === 'acknowledged') return alert;
    const now = clock().toISOString();
    await updateAlert(trx, actor.organizationId, alertId, {
      status: 'acknowledged',
      acknowledged_by: actor.userId,
      acknowledged_at: now,
      updated_at: now,
    });
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'alert.acknowledge',
      entityType: 'alert',
      entityId: alertId,
      details: { caseId: alert.caseId },
    });
    return {
      ...alert,
      status: 'acknowledged',
      acknowledgedBy: actor.userId,
      acknowledgedAt: now,
      updatedAt: now,
    };
  });
}

/** The therapist closes the alert, with an optional note (clinical text, never logged). */
export async function resolveAlert(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  alertId: string,
  note: string | null,
  origin: RequestOrigin,
): Promise<Alert> {
  return inTransaction(db, async (trx) => {
    const alert = await alertTherapistMayChange(trx, actor, alertId);
    await requireOpenCase(trx, actor.organizationId, alert.caseId);
    if (alert.status === 'resolved')
      throw new AppError('conflict', 'This alert is already resolved.');
    const now = clock().toISOString();
    await updateAlert(trx, actor.organizationId, alertId, {
      status: 'resolved',
      resolved_by: actor.userId,
      resolved_at: now,
      resolution: 'staff',
      resolution_note: note,
      updated_at: now,
    });
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'alert.resolve',
      entityType: 'alert',
      entityId: alertId,
      details: { caseId: alert.caseId, withNote: note !== null },
    });
    return {
      ...alert,
      status: 'resolved',
      resolvedBy: actor.userId,
      resolvedAt: now,
      resolution: 'staff',
      resolutionNote: note,
      updatedAt: now,
    };
  });
}

/**
 * Only the case's therapists change an alert. Out of reach is 404; a supervisor, who may
 * read the case, is told plainly that it is not theirs to change (403).
 */
async function alertTherapistMayChange(
  trx: Parameters<typeof findAlertForActor>[0],
  actor: StaffActor,
  alertId: string,
): Promise<Alert> {
  const found = await findAlertForActor(trx, actor, alertId);
  if (!found) throw notFound('Alert');
  if (found.access !== 'write')
    throw new AppError('forbidden', "Only the case's therapists can change its alerts.");
  return found.alert;
}
