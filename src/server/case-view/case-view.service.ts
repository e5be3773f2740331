import type { CaseViewResponse } from '../../core/api/case-view.ts';
import { notFound } from '../../core/app-error.ts';
import { type Alert, listAlertsForCase } from '../alerts/alert.repository.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { listMemberNames, listTherapistNames } from '../cases/case-names.repository.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { loadInstrumentCatalogue } from '../instruments/instrument-catalogue.service.ts';
import { listReadableScoresForCase } from '../measurement/questionnaire-response.repository.ts';
import { listRuptureEventsForCase } from '../repairs/rupture-event.repository.ts';
import { buildCaseView } from './build-case-view.ts';
import { findCaseHeader, listCaseRequests, listCaseSessions } from './case-view.repository.ts';

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One case's page for anyone who may read it (its therapists write, their supervisors
 * read). Anyone else, a case of another organization, an unknown id and a malformed one
 * all get the same 404, so the answer never tells whether a case exists. Every attempt is
 * audited: 'success' with the case id, 'denied' otherwise (the caller cannot see the trail).
 */
export async function readCaseView(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<CaseViewResponse> {
  const audit = auditCaseAttempt(db, clock, actor, origin, 'case.read', caseId);

  const gathered = await gatherCaseView(db, clock, actor, caseId);
  if (!gathered) {
    await audit('denied');
    throw notFound('Case');
  }
  const { view, scoreCount } = gathered;
  await audit('success', {
    sessions: view.sessions.length,
    scores: scoreCount,
    ruptures: view.ruptures.length,
    ruptureEvents: view.ruptureEvents.length,
  });
  return view;
}

/**
 * The audit row of one attempt on a case: 'success' with the case id, or 'denied' (the id
 * only when it is UUID-shaped: the path is the caller's free text). Details are counts.
 */
export const auditCaseAttempt =
  (
    db: Database,
    clock: Clock,
    actor: StaffActor,
    origin: RequestOrigin,
    action: 'case.read' | 'case.report.print',
    caseId: string,
  ) =>
  (outcome: 'success' | 'denied', details: Record<string, number | string> = {}) =>
    recordStaffAudit(db, clock, actor, origin, {
      action,
      entityType: 'care_case',
      entityId: CASE_ID.test(caseId) ? caseId : null,
      outcome,
      details,
    });

/**
 * Everything the case page shows (and the printed case report prints), with the case's
 * alerts as stored; undefined when the actor may not read the case or the id is not one.
 * Audits nothing: each caller writes its own row.
 */
export async function gatherCaseView(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
): Promise<{ view: CaseViewResponse; alerts: Alert[]; scoreCount: number } | undefined> {
  const header = CASE_ID.test(caseId) ? await findCaseHeader(db, actor, caseId) : undefined;
  if (!header) return undefined;
  // Every read below applies the actor's case access in its own SQL (readableCase), not
  // only the header's: a read added here later cannot forget it by relying on the check.
  const [members, therapists, sessions, requests, scores, catalogue, alerts, ruptureEvents] =
    await Promise.all([
      listMemberNames(db, actor, [caseId]),
      listTherapistNames(db, actor, [caseId]),
      listCaseSessions(db, actor, caseId),
      listCaseRequests(db, actor, caseId),
      listReadableScoresForCase(db, actor, caseId),
      loadInstrumentCatalogue(db, actor.organizationId),
      listAlertsForCase(db, actor, caseId),
      listRuptureEventsForCase(db, actor, caseId),
    ]);
  const view = buildCaseView({
    header,
    access: header.access,
    members: members.map((m) => ({
      clientId: m.clientId,
      displayName: `${m.givenName} ${m.familyName}`,
      relationship: m.relationship,
    })),
    therapists: therapists.map((t) => ({
      staffUserId: t.staffUserId,
      displayName: t.displayName,
      isPrimary: t.isPrimary,
    })),
    sessions,
    requests,
    scores,
    catalogue,
    alerts,
    ruptureEvents,
    now: clock().toISOString(),
  });
  return { view, alerts, scoreCount: scores.length };
}
