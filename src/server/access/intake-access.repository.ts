import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RapportDatabase } from '../db/database-schema.ts';
import { writableCase } from './case-access.repository.ts';

/**
 * Who may register clients and open and manage cases, written once, in SQL
 * (docs/access-policy.md, "Intake"):
 *
 * - an admin of the clinic (administrative fields only: no scores, answers or notes);
 * - a therapist of the clinic when its intake settings allow therapists to open cases (the
 *   default), and for an existing case only when they are one of its therapists.
 */
/** Builds the subqueries; like case-access, it has no tables of its own in scope. */
const intake = expressionBuilder<RapportDatabase>();

/** True when the actor may register clients and open cases at the clinic `clinicId`. */
export function intakeClinic(
  actor: StaffActor,
  clinicId: Expression<string>,
): AliasableExpression<SqlBool> {
  return intake.exists(
    intake
      .selectFrom('staff_role as intake_r')
      .leftJoin('clinic_intake_settings as intake_s', (join) =>
        join
          .onRef('intake_s.clinic_id', '=', 'intake_r.clinic_id')
          .onRef('intake_s.organization_id', '=', 'intake_r.organization_id'),
      )
      .select('intake_r.clinic_id')
      .where('intake_r.organization_id', '=', actor.organizationId)
      .where('intake_r.staff_user_id', '=', actor.userId)
      .whereRef('intake_r.clinic_id', '=', clinicId)
      .where((w) =>
        w.or([
          w('intake_r.role', '=', 'admin'),
          w.and([
            w('intake_r.role', '=', 'therapist'),
            w(w.fn.coalesce('intake_s.therapists_may_open_cases', w.lit(1)), '=', 1),
          ]),
        ]),
      ),
  );
}

/**
 * True when the actor may close, reopen or transfer the case `caseId`: an admin of its clinic,
 * or one of its therapists where the clinic lets therapists open cases.
 */
export function manageableCase(
  actor: StaffActor,
  caseId: Expression<string>,
): AliasableExpression<SqlBool> {
  return intake.exists(
    intake
      .selectFrom('care_case as manage_c')
      .select('manage_c.id')
      .where('manage_c.organization_id', '=', actor.organizationId)
      .whereRef('manage_c.id', '=', caseId)
      .where((w) =>
        w.or([
          w.exists(
            w
              .selectFrom('staff_role as manage_r')
              .select('manage_r.clinic_id')
              .where('manage_r.organization_id', '=', actor.organizationId)
              .where('manage_r.staff_user_id', '=', actor.userId)
              .where('manage_r.role', '=', 'admin')
              .whereRef('manage_r.clinic_id', '=', 'manage_c.clinic_id'),
          ),
          w.and([
            intakeClinic(actor, w.ref('manage_c.clinic_id')),
            writableCase(actor, w.ref('manage_c.id')),
          ]),
        ]),
      ),
  );
}

/** The clinics where the actor may register clients and open cases. */
export async function listIntakeClinics(
  db: Executor,
  actor: StaffActor,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('clinic')
    .select(['clinic.id', 'clinic.name'])
    .where('clinic.organization_id', '=', actor.organizationId)
    .where((eb) => intakeClinic(actor, eb.ref('clinic.id')))
    .orderBy('clinic.name')
    .execute();
}
