import {
  type ClinicCaseType,
  defaultCaseTypes,
  defaultPresentingConcerns,
} from '../../core/intake/intake-lists.ts';
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
