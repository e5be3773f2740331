import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { RapportDatabase } from '../db/database-schema.ts';

/**
 * Who may see which study, written once, in SQL (docs/access-policy.md, "Research"):
 *
 * - a member of the study's team (a researcher of the organization named on the study, who
 *   still holds the researcher role somewhere in it) reads and runs the study; the team
 *   sees participants by pseudonym only, never the case pages, names or contact details;
 * - a senior researcher of the team also reviews interviews;
 * - nobody else reaches a study through these checks: therapists see only the enrolment
 *   status of their own clients and of themselves, supervisors and admins see nothing.
 *
 * Like `readableCase`, a reusable expression over the caller's study id column:
 *
 *     .where((eb) => studyOfTeam(actor, eb.ref('study_participant.study_id')))
 */
type StudyRef = Expression<string>;

const access = expressionBuilder<RapportDatabase>();

/** True when the actor is on the study's team and holds the researcher role. */
export function studyOfTeam(actor: StaffActor, studyId: StudyRef): AliasableExpression<SqlBool> {
  return access.exists(
    access
      .selectFrom('study_team_member as access_tm')
      .innerJoin('staff_role as access_tr', (join) =>
        join
          .onRef('access_tr.staff_user_id', '=', 'access_tm.staff_user_id')
          .onRef('access_tr.organization_id', '=', 'access_tm.organization_id'),
      )
      .select('access_tm.study_id')
      .where('access_tm.organization_id', '=', actor.organizationId)
      .where('access_tm.staff_user_id', '=', actor.userId)
      .where('access_tr.role', '=', 'researcher')
      .whereRef('access_tm.study_id', '=', studyId),
  );
}

/** True when the actor is a senior researcher on the study's team. */
export function studyOfSeniorTeam(
  actor: StaffActor,
  studyId: StudyRef,
): AliasableExpression<SqlBool> {
  return access.and([
    studyOfTeam(actor, studyId),
    access.exists(
      access
        .selectFrom('study_team_member as access_sm')
        .select('access_sm.study_id')
        .where('access_sm.organization_id', '=', actor.organizationId)
        .where('access_sm.staff_user_id', '=', actor.userId)
        .where('access_sm.is_senior', '=', 1)
        .whereRef('access_sm.study_id', '=', studyId),
    ),
  ]);
}
