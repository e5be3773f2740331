import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RapportDatabase } from '../db/database-schema.ts';

/**
 * Who may see which case, written once, in SQL (docs/access-policy.md):
 *
 * - a therapist on the case reads and writes it;
 * - a supervisor of one of the case's therapists reads it (and writes supervision notes), when
 *   they hold the supervisor role at the case's clinic;
 * - admins, researchers and interpreters see no case through these checks: admins run the
 *   clinic, researchers work in the research module on de-identified data, interpreters see
 *   only the sessions assigned to them.
 *
 * Every query that touches clinical data joins through `readableCase` or `writableCase`, so
 * a case outside the actor's reach is simply not found, and the route answers 404.
 *
 * Both are Kysely reusable expressions: they take the case id column of the caller's query
 * (`eb.ref('alert.case_id')`) and build their subqueries from their own expression builder,
 * so they fit any query without knowing its tables, and no call site needs a cast:
 *
 *     .where((eb) => readableCase(actor, eb.ref('alert.case_id')))
 */
export type CaseAccess = 'write' | 'read';

/** The case id column of the caller's query, e.g. `eb.ref('therapy_session.case_id')`. */
type CaseRef = Expression<string>;

/** Builds the access subqueries; it has no tables of its own in scope. */
const access = expressionBuilder<RapportDatabase>();

/** True when the actor is one of the case's therapists. */
export function writableCase(actor: StaffActor, caseId: CaseRef): AliasableExpression<SqlBool> {
  return access.exists(
    access
      .selectFrom('case_therapist as access_ct')
      .select('access_ct.case_id')
      .where('access_ct.organization_id', '=', actor.organizationId)
      .where('access_ct.staff_user_id', '=', actor.userId)
      .whereRef('access_ct.case_id', '=', caseId),
  );
}

/**
 * The ids of the cases the actor reaches as a supervisor: one of the case's therapists is
 * their supervisee, and they hold the supervisor role at the case's clinic (a pair made at
 * one clinic must not reach the supervisee's cases elsewhere). As a subquery, for
 * `readableCase` and for the supervision queue's lists.
 */
export function supervisedCases(actor: StaffActor) {
  return access
    .selectFrom('case_therapist as access_st')
    .innerJoin('supervision as access_sv', (join) =>
      join
        .onRef('access_sv.supervisee_id', '=', 'access_st.staff_user_id')
        .onRef('access_sv.organization_id', '=', 'access_st.organization_id'),
    )
    .innerJoin('care_case as access_sc', (join) =>
      join
        .onRef('access_sc.id', '=', 'access_st.case_id')
        .onRef('access_sc.organization_id', '=', 'access_st.organization_id'),
    )
    .innerJoin('staff_role as access_sr', (join) =>
      join
        .onRef('access_sr.staff_user_id', '=', 'access_sv.supervisor_id')
        .onRef('access_sr.clinic_id', '=', 'access_sc.clinic_id')
        .onRef('access_sr.organization_id', '=', 'access_sc.organization_id'),
    )
    .select('access_st.case_id')
    .where('access_st.organization_id', '=', actor.organizationId)
    .where('access_sv.supervisor_id', '=', actor.userId)
    .where('access_sr.role', '=', 'supervisor');
}

/** True when the actor is one of the case's therapists or supervises one of them. */
export function readableCase(actor: StaffActor, caseId: CaseRef): AliasableExpression<SqlBool> {
  return access.or([
    writableCase(actor, caseId),
    access.exists(supervisedCases(actor).whereRef('access_st.case_id', '=', caseId)),
  ]);
}

/**
 * Of the given cases, the ids the actor may read, as a subquery for
 * `.where('x.case_id', 'in', readableCasesAmong(actor, ids))`: for reads over many cases at
 * once (the caseload), where the scope is better decided once per case than once per row.
 */
export function readableCasesAmong(actor: StaffActor, caseIds: readonly string[]) {
  return access
    .selectFrom('care_case as access_rc')
    .select('access_rc.id')
    .where('access_rc.organization_id', '=', actor.organizationId)
    .where('access_rc.id', 'in', [...caseIds])
    .where((eb) => readableCase(actor, eb.ref('access_rc.id')));
}

/**
 * The actor's access to one case: 'write' for its therapists, 'read' for their supervisors,
 * undefined for everyone else and for a case of another organization or no case at all.
 */
export async function findCaseAccess(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<CaseAccess | undefined> {
  const row = await db
    .selectFrom('care_case')
    .select((eb) => [
      writableCase(actor, eb.ref('care_case.id')).as('can_write'),
      readableCase(actor, eb.ref('care_case.id')).as('can_read'),
    ])
    .where('care_case.organization_id', '=', actor.organizationId)
    .where('care_case.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (sqlTrue(row.can_write)) return 'write';
  if (sqlTrue(row.can_read)) return 'read';
  return undefined;
}

/** A selected `writableCase(…)` or `readableCase(…)`: SQLite answers 0/1, PostgreSQL a boolean. */
export const sqlTrue = (value: unknown): boolean => value === true || value === 1 || value === '1';
