import { notFound } from '../../core/app-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listOrganizations } from '../organizations/organization.repository.ts';
import { findCaseOrganizationId, listCaseIds } from './alliance-case-history.repository.ts';
import { type RecomputeSummary, recomputeCaseAlerts } from './recompute-case-alerts.service.ts';

export interface BulkRecomputeSummary extends RecomputeSummary {
  cases: number;
}

/**
 * Recomputes the alerts of every case of every organization (or of one organization, or
 * one case), one case per transaction, so a long run never holds a big lock. The demo
 * calls it after seeding; operators call it through `rapport alerts recompute`.
 */
export async function recomputeAlerts(
  db: Database,
  clock: Clock,
  scope: { organizationId?: string; caseId?: string } = {},
): Promise<BulkRecomputeSummary> {
  const total: BulkRecomputeSummary = {
    cases: 0,
    findings: 0,
    inserted: 0,
    updated: 0,
    autoResolved: 0,
    reopened: 0,
    urgentMailsQueued: 0,
  };
  let targets: { organizationId: string; caseId: string }[];
  if (scope.caseId) {
    const organizationId = await findCaseOrganizationId(db, scope.caseId);
    if (!organizationId || (scope.organizationId && scope.organizationId !== organizationId))
      throw notFound('Case');
    targets = [{ organizationId, caseId: scope.caseId }];
  } else {
    const organizationIds = scope.organizationId
      ? [scope.organizationId]
      : (await listOrganizations(db)).map((o) => o.id);
    targets = [];
    for (const organizationId of organizationIds)
      for (const caseId of await listCaseIds(db, organizationId))
        targets.push({ organizationId, caseId });
  }
  for (const target of targets) {
    const summary = await recomputeCaseAlerts(db, clock, target.organizationId, target.caseId);
    total.cases += 1;
    total.findings += summary.findings;
    total.inserted += summary.inserted;
    total.updated += summary.updated;
    total.autoResolved += summary.autoResolved;
    total.reopened += summary.reopened;
    total.urgentMailsQueued += summary.urgentMailsQueued;
  }
  return total;
}
