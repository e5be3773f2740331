import { AppError } from '../../core/app-error.ts';
import { OUTCOME_INSTRUMENTS } from '../../core/api/case-view.ts';
import {
  DEFAULT_REPORT_DAYS,
  MAX_REPORT_DAYS,
  type PracticeReport,
  type PracticeReportQuery,
  type ReportSection,
} from '../../core/api/practice-report.ts';
import { outcomeCriteriaOf } from '../../core/outcomes/classify-outcome.ts';
import { alertReport } from '../../core/reports/alert-report.ts';
import { completionReport } from '../../core/reports/completion-report.ts';
import { outcomeEpisodes, outcomeRows } from '../../core/reports/outcome-report.ts';
import type { ReportPeriod } from '../../core/reports/report-calendar.ts';
import { reportTable } from '../../core/reports/report-tables.ts';
import { toCsv } from '../../core/research/export/csv-cell.ts';
import { DEFAULT_MIN_CELL } from '../../core/research/small-cells.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import { loadInstrumentCatalogue } from '../instruments/instrument-catalogue.service.ts';
import {
  type ReportScope,
  listAskedForms,
  listClinicsWithRole,
  listReportAlerts,
  listReportCases,
  listReportScores,
  listReportTherapists,
} from './practice-report.repository.ts';

export interface ReportDeps {
  db: Database;
  clock: Clock;
}

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Whose numbers the caller sees: an admin the clinics they run (every case there), a
 * therapist without the admin role their own cases at the clinics where they treat;
 * everyone else 403. The roles are read in SQL, and a clinic outside them is 404.
 */
async function reportScope(
  db: Executor,
  actor: StaffActor,
  clinicId: string | undefined,
): Promise<{
  view: PracticeReport['view'];
  scope: ReportScope;
  clinics: { id: string; name: string }[];
}> {
  const adminClinics = await listClinicsWithRole(db, actor, 'admin');
  const view = adminClinics.length > 0 ? 'admin' : 'therapist';
  const clinics =
    view === 'admin' ? adminClinics : await listClinicsWithRole(db, actor, 'therapist');
  if (clinics.length === 0)
    throw new AppError('forbidden', 'The practice report needs the admin or therapist role.');
  if (clinicId !== undefined && !clinics.some((c) => c.id === clinicId))
    throw new AppError('not_found', 'No such clinic.');
  return {
    view,
    clinics,
    scope: {
      organizationId: actor.organizationId,
      clinicIds: clinicId === undefined ? clinics.map((c) => c.id) : [clinicId],
      therapist: view === 'therapist' ? actor : null,
    },
  };
}

/**
 * The period asked for, or the 12 weeks up to today (UTC). A start after the end, or one
 * more than MAX_REPORT_DAYS before it (also when the end is today by default), is refused.
 */
function reportPeriod(query: PracticeReportQuery, now: Date): ReportPeriod {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? addDays(to, -(DEFAULT_REPORT_DAYS - 1));
  const problem =
    from > to
      ? 'must not be after the end of the period'
      : from < addDays(to, -MAX_REPORT_DAYS)
        ? `must be at most ${MAX_REPORT_DAYS} days before the end`
        : null;
  if (problem)
    throw new AppError('validation', 'The period is not valid.', [
      { path: 'querystring.from', message: problem },
    ]);
  return { from, to };
}

async function buildReport(
  trx: Executor,
  actor: StaffActor,
  query: PracticeReportQuery,
  now: Date,
): Promise<PracticeReport> {
  const { view, scope, clinics } = await reportScope(trx, actor, query.clinicId);
  const period = reportPeriod(query, now);
  // Two days either side hold the period in every time zone; core dates each row exactly.
  const window = {
    from: `${addDays(period.from, -2)}T00:00:00.000Z`,
    to: `${addDays(period.to, 2)}T00:00:00.000Z`,
  };
  const k = DEFAULT_MIN_CELL;
  const catalogue = await loadInstrumentCatalogue(trx, actor.organizationId);
  const titles = new Map([...catalogue.values()].map((d) => [d.id, d.title]));
  const outcomeInstruments = OUTCOME_INSTRUMENTS.filter((id) => {
    const definition = catalogue.get(id);
    return definition !== undefined && outcomeCriteriaOf(definition, 'total') !== null;
  });

  const cases = await listReportCases(trx, scope);
  const completion = completionReport(
    await listAskedForms(trx, scope, cases, window),
    period,
    titles,
    k,
  );
  const alerts = alertReport(await listReportAlerts(trx, scope, cases, window), period, k);
  const episodes = outcomeEpisodes(
    await listReportScores(trx, scope, cases, outcomeInstruments, window.to),
    catalogue,
    period,
  );
  const therapistsByCase = new Map<string, { id: string; name: string }[]>();
  for (const t of await listReportTherapists(trx, scope))
    therapistsByCase.set(t.caseId, [
      ...(therapistsByCase.get(t.caseId) ?? []),
      { id: t.staffUserId, name: t.displayName },
    ]);
  const clinicName = new Map(clinics.map((c) => [c.id, c.name]));
  return {
    view,
    minCellSize: k,
    clinics,
    period: { clinicId: query.clinicId ?? null, ...period },
    completionWeeks: completion.weeks,
    completion: completion.rows,
    alerts,
    clinicOutcomes:
      view === 'admin'
        ? outcomeRows(
            episodes,
            (e) => [{ id: e.clinicId, name: clinicName.get(e.clinicId) ?? '' }],
            titles,
            k,
          )
        : [],
    therapistOutcomes: outcomeRows(
      episodes,
      (e) => therapistsByCase.get(e.caseId) ?? [],
      titles,
      k,
    ),
  };
}

/** What the audit row of a report says: the view, the clinic filter and the period, no person. */
const auditDetails = (report: PracticeReport) => ({
  view: report.view,
  clinicId: report.period.clinicId,
  from: report.period.from,
  to: report.period.to,
});

/**
 * The practice report (issue 19, item 4; docs/reports.md): an admin's clinics or a therapist's
 * own cases, counts and rates only, small cells withheld. Read in one transaction and audited
 * (`practice-report.read`) with the view, clinic and period only.
 */
export async function readPracticeReport(
  deps: ReportDeps,
  actor: StaffActor,
  query: PracticeReportQuery,
  origin: RequestOrigin,
): Promise<PracticeReport> {
  return inTransaction(deps.db, async (trx) => {
    const report = await buildReport(trx, actor, query, deps.clock());
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'practice-report.read',
      entityType: 'organization',
      entityId: actor.organizationId,
      details: auditDetails(report),
    });
    return report;
  });
}

/**
 * One table of the report as CSV (the same numbers as the page, every text cell guarded
 * against formulas by the export's `toCsv`), audited as an export (`practice-report.export`).
 */
export async function exportPracticeReportTable(
  deps: ReportDeps,
  actor: StaffActor,
  section: ReportSection,
  query: PracticeReportQuery,
  origin: RequestOrigin,
): Promise<{ fileName: string; csv: string }> {
  return inTransaction(deps.db, async (trx) => {
    const report = await buildReport(trx, actor, query, deps.clock());
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'practice-report.export',
      entityType: 'organization',
      entityId: actor.organizationId,
      details: { ...auditDetails(report), section },
    });
    const table = reportTable(report, section);
    return {
      fileName: `practice-report-${section}-${report.period.from}-${report.period.to}.csv`,
      csv: toCsv([table.header, ...table.rows]),
    };
  });
}
