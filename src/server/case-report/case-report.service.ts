import { renderFindingMessageIn } from '../../core/alerts/render-finding-message.ts';
import { notFound } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { auditCaseAttempt, gatherCaseView } from '../case-view/case-view.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { findStaffUser } from '../staff/staff.repository.ts';
import { renderCaseReport } from './case-report-pdf.ts';
import type { CaseReportLanguage } from './case-report-words.ts';

/**
 * The printable case report: what the case page shows, as a PDF in the printer's language,
 * for whoever may read the case page (its therapists and their supervisors; everyone else
 * the page's own 404). Reflections and supervision notes are not read at all. Every attempt
 * is audited as 'case.report.print' (counts only).
 */
export async function printCaseReport(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  caseId: string,
  language: CaseReportLanguage,
  origin: RequestOrigin,
): Promise<{ pdf: Buffer; reference: string }> {
  const audit = auditCaseAttempt(db, clock, actor, origin, 'case.report.print', caseId);
  const gathered = await gatherCaseView(db, clock, actor, caseId);
  if (!gathered) {
    await audit('denied');
    throw notFound('Case');
  }
  const { view, alerts } = gathered;
  const printer = await findStaffUser(db, actor.organizationId, actor.userId);
  // An alert the engine closed because its finding disappeared (e.g. after a settings
  // change) says nothing about the case any more; the case page leaves it out too.
  const printed = alerts.filter((a) => a.resolution !== 'no-longer-detected');
  const pdf = await renderCaseReport({
    language,
    view,
    alerts: printed.map((a) => ({
      type: a.type,
      severity: a.severity,
      status: a.status,
      session: a.session,
      respondentIds: a.respondentIds,
      explanation: renderFindingMessageIn(language, a.explanation),
    })),
    printedBy: printer?.displayName ?? '—',
    printedAt: clock().toISOString(),
  });
  await audit('success', {
    language,
    sessions: view.sessions.length,
    alerts: printed.length,
    bytes: pdf.length,
  });
  return { pdf, reference: view.case.reference };
}
