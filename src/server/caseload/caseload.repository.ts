import type { StaffActor } from '../auth/staff-actor.ts';
import {
  readableCase,
  readableCasesAmong,
  writableCase,
} from '../access/case-access.repository.ts';
import type { Executor } from '../db/database.ts';
import type { CaseType } from '../db/database-schema.ts';

/**
 * The caseload's reads. Each takes the list of case ids found by `listCaseloadCases` and
 * answers for all of them in one statement, so the page costs a fixed number of queries
 * however many cases there are (bench/case-page.bench.ts).
 */

export interface CaseloadCaseRow {
  id: string;
  reference: string;
  type: CaseType;
  timeZone: string;
  canWrite: boolean;
}

/** The active cases the actor can read (own cases and supervisees' cases), scoped in SQL. */
export async function listCaseloadCases(
  db: Executor,
  actor: StaffActor,
): Promise<CaseloadCaseRow[]> {
  const rows = await db
    .selectFrom('care_case')
    .innerJoin('clinic', (join) =>
      join
        .onRef('clinic.id', '=', 'care_case.clinic_id')
        .onRef('clinic.organization_id', '=', 'care_case.organization_id'),
    )
    .select((eb) => [
      'care_case.id',
      'care_case.reference',
      'care_case.type',
      'clinic.time_zone',
      writableCase(actor, eb.ref('care_case.id')).as('can_write'),
    ])
    .where('care_case.organization_id', '=', actor.organizationId)
    .where('care_case.status', '=', 'active')
    .where((eb) => readableCase(actor, eb.ref('care_case.id')))
    .orderBy('care_case.reference')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    type: row.type,
    timeZone: row.time_zone,
    canWrite: row.can_write === true || Number(row.can_write) === 1,
  }));
}

export interface CaseSessionSummary {
  caseId: string;
  attended: number;
  next: { number: number; startsAt: string } | null;
}

/** Attended sessions per case, and each case's next scheduled session from `now` on. */
export async function summariseSessions(
  db: Executor,
  actor: StaffActor,
  caseIds: string[],
  now: string,
): Promise<Map<string, CaseSessionSummary>> {
  const summaries = new Map<string, CaseSessionSummary>();
  if (caseIds.length === 0) return summaries;
  const organizationId = actor.organizationId;
  const [counts, upcoming] = await Promise.all([
    db
      .selectFrom('therapy_session')
      .select((eb) => [
        'case_id',
        eb.fn
          .sum<number | string>(eb.case().when('attendance', '=', 'attended').then(1).else(0).end())
          .as('attended'),
      ])
      .where('organization_id', '=', organizationId)
      .where('case_id', 'in', readableCasesAmong(actor, caseIds))
      .groupBy('case_id')
      .execute(),
    db
      .selectFrom('therapy_session as s')
      .select(['s.case_id', 's.number', 's.starts_at'])
      .where('s.organization_id', '=', organizationId)
      .where('s.case_id', 'in', readableCasesAmong(actor, caseIds))
      .where('s.attendance', '=', 'scheduled')
      .where('s.starts_at', '>=', now)
      .where((eb) =>
        eb(
          's.starts_at',
          '=',
          eb
            .selectFrom('therapy_session as n')
            .select((n) => n.fn.min('n.starts_at').as('first'))
            .where('n.organization_id', '=', organizationId)
            .whereRef('n.case_id', '=', 's.case_id')
            .where('n.attendance', '=', 'scheduled')
            .where('n.starts_at', '>=', now),
        ),
      )
      .orderBy('s.number')
      .execute(),
  ]);
  for (const row of counts)
    summaries.set(row.case_id, {
      caseId: row.case_id,
      attended: Number(row.attended ?? 0),
      next: null,
    });
  for (const row of upcoming) {
    const summary = summaries.get(row.case_id);
    if (summary && !summary.next)
      summary.next = { number: Number(row.number), startsAt: row.starts_at };
  }
  return summaries;
}
