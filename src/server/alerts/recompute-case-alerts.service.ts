import { randomUUID } from 'node:crypto';
import { type AlertChange, planAlertChanges } from '../../core/alerts/plan-alert-changes.ts';
import { analyseCase } from '../../core/alliance/analyse-case.ts';
import { resolveAllianceRuleParameters } from '../../core/alliance/alliance-rule-parameters.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import type { AlertTable } from '../db/database-schema.ts';
import {
  findingColumns,
  insertAlert,
  listAlertStatesForCase,
  updateAlert,
} from './alert.repository.ts';
import { enqueueUrgentAlertMails } from './alert-jobs.ts';
import {
  findCaseForAnalysis,
  findClinicAllianceOverrides,
  loadAllianceCaseHistory,
} from './alliance-case-history.repository.ts';

export interface RecomputeSummary {
  findings: number;
  inserted: number;
  updated: number;
  autoResolved: number;
  reopened: number;
  urgentMailsQueued: number;
}

/**
 * Runs the alliance engine on one case and brings its alerts in line with the findings
 * (src/core/alerts/plan-alert-changes.ts), in one transaction: one alert per finding key,
 * so running it twice on the same data changes nothing. A new urgent alert queues one
 * mail job per therapist of the case in the same transaction. Touches only this case.
 */
export async function recomputeCaseAlerts(
  db: Database,
  clock: Clock,
  organizationId: string,
  caseId: string,
): Promise<RecomputeSummary> {
  return inTransaction(db, (trx) => recomputeInTransaction(trx, clock, organizationId, caseId));
}

/** The row of a new alert (`planAlertChanges`' insert), as the recompute and the demo seed write it. */
export function newAlertRow(
  id: string,
  organizationId: string,
  caseId: string,
  change: Extract<AlertChange, { kind: 'insert' }>,
  now: string,
): AlertTable {
  const resolved = change.status === 'resolved';
  return {
    id,
    organization_id: organizationId,
    case_id: caseId,
    finding_key: change.finding.key,
    ...findingColumns(change.finding),
    status: change.status,
    created_at: now,
    updated_at: now,
    acknowledged_by: null,
    acknowledged_at: null,
    resolved_by: null,
    resolved_at: resolved ? now : null,
    resolution: resolved ? change.autoResolution : null,
    resolution_note: null,
  };
}

async function recomputeInTransaction(
  trx: Executor,
  clock: Clock,
  organizationId: string,
  caseId: string,
): Promise<RecomputeSummary> {
  const summary: RecomputeSummary = {
    findings: 0,
    inserted: 0,
    updated: 0,
    autoResolved: 0,
    reopened: 0,
    urgentMailsQueued: 0,
  };
  const careCase = await findCaseForAnalysis(trx, organizationId, caseId);
  if (!careCase) return summary; // closed, deleted or another organization's: nothing to do
  const overrides = await findClinicAllianceOverrides(trx, organizationId, careCase.clinicId);
  const parameters = resolveAllianceRuleParameters(overrides);
  const history = await loadAllianceCaseHistory(trx, organizationId, caseId);
  const findings = analyseCase(history, parameters);
  summary.findings = findings.length;
  const changes = planAlertChanges(
    await listAlertStatesForCase(trx, organizationId, caseId),
    findings,
  );
  const now = clock().toISOString();
  for (const change of changes) {
    if (change.kind === 'insert') {
      const id = randomUUID();
      const resolved = change.status === 'resolved';
      const inserted = await insertAlert(trx, newAlertRow(id, organizationId, caseId, change, now));
      if (!inserted) continue;
      summary.inserted += 1;
      if (resolved) summary.autoResolved += 1;
      if (change.finding.severity === 'urgent' && !resolved) {
        summary.urgentMailsQueued += await enqueueUrgentAlertMails(
          trx,
          clock,
          organizationId,
          id,
          careCase.therapistIds,
        );
      }
    } else if (change.kind === 'update') {
      const columns = findingColumns(change.finding);
      const transition = change.transition;
      if (transition === null) {
        await updateAlert(trx, organizationId, change.alertId, { ...columns, updated_at: now });
      } else if (transition.status === 'resolved') {
        summary.autoResolved += 1;
        await updateAlert(trx, organizationId, change.alertId, {
          ...columns,
          status: 'resolved',
          resolved_by: null,
          resolved_at: now,
          resolution: transition.autoResolution,
          updated_at: now,
        });
      } else {
        // New evidence brings the alert back to the therapist; the earlier hand-offs are
        // cleared from the row (the audit trail keeps who did what).
        summary.reopened += 1;
        await updateAlert(trx, organizationId, change.alertId, {
          ...columns,
          status: 'open',
          acknowledged_by: null,
          acknowledged_at: null,
          resolved_by: null,
          resolved_at: null,
          resolution: null,
          updated_at: now,
        });
      }
      summary.updated += 1;
    } else {
      summary.autoResolved += 1;
      await updateAlert(trx, organizationId, change.alertId, {
        status: 'resolved',
        resolved_by: null,
        resolved_at: now,
        resolution: 'no-longer-detected',
        updated_at: now,
      });
    }
  }
  return summary;
}
