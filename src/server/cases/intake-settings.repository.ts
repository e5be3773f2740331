import type { Expression } from 'kysely';
import {
  type ClinicCaseType,
  defaultCaseTypes,
  defaultPresentingConcerns,
} from '../../core/intake/intake-lists.ts';
import { intakeClinic } from '../access/intake-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';

export interface ClinicIntakeSettings {
  caseTypes: ClinicCaseType[];
  presentingConcerns: string[];
  therapistsMayOpenCases: boolean;
}

export const defaultIntakeSettings = (): ClinicIntakeSettings => ({
  caseTypes: defaultCaseTypes.map((t) => ({ ...t })),
  presentingConcerns: [...defaultPresentingConcerns],
  therapistsMayOpenCases: true,
});

/** A clinic's intake lists; the defaults when it never set them. */
export async function findIntakeSettings(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<ClinicIntakeSettings> {
  const row = await db
    .selectFrom('clinic_intake_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  if (!row) return defaultIntakeSettings();
  return {
    caseTypes: JSON.parse(row.case_types) as ClinicCaseType[],
    presentingConcerns: JSON.parse(row.presenting_concerns) as string[],
    therapistsMayOpenCases: row.therapists_may_open_cases === 1,
  };
}

export async function saveIntakeSettings(
  db: Executor,
  organizationId: string,
  clinicId: string,
  settings: ClinicIntakeSettings,
  by: string,
  at: string,
): Promise<void> {
  const values = {
    case_types: JSON.stringify(settings.caseTypes),
    presenting_concerns: JSON.stringify(settings.presentingConcerns),
    therapists_may_open_cases: settings.therapistsMayOpenCases ? 1 : 0,
    updated_by: by,
    updated_at: at,
  };
  await db
    .insertInto('clinic_intake_settings')
    .values({ clinic_id: clinicId, organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('clinic_id').doUpdateSet(values))
    .execute();
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
    .where((eb) => intakeClinic(eb as never, actor, eb.ref('clinic.id') as Expression<string>))
    .orderBy('clinic.name')
    .execute();
}

/** Active staff with the therapist role at a clinic (the people a case can be assigned to). */
export async function listClinicTherapists(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<{ staffUserId: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('staff_role')
    .innerJoin('staff_user', (j) =>
      j
        .onRef('staff_user.id', '=', 'staff_role.staff_user_id')
        .onRef('staff_user.organization_id', '=', 'staff_role.organization_id'),
    )
    .select(['staff_user.id', 'staff_user.display_name'])
    .where('staff_role.organization_id', '=', organizationId)
    .where('staff_role.clinic_id', '=', clinicId)
    .where('staff_role.role', '=', 'therapist')
    .where('staff_user.status', '=', 'active')
    .orderBy('staff_user.display_name')
    .orderBy('staff_user.id')
    .execute();
  return rows.map((r) => ({ staffUserId: r.id, displayName: r.display_name }));
}
