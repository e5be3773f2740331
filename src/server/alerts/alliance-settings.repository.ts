import type { AllianceRuleParameterOverrides } from '../../core/alliance/alliance-rule-parameters.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';

export interface AdministeredClinic {
  id: string;
  name: string;
  timeZone: string;
}

/**
 * The clinic if the actor holds the admin role there (checked in SQL against the stored
 * roles, not the session's copy), else undefined: another clinic, another organization,
 * or a clinic that does not exist all look the same.
 */
export async function findAdministeredClinic(
  db: Executor,
  actor: StaffActor,
  clinicId: string,
): Promise<AdministeredClinic | undefined> {
  const row = await db
    .selectFrom('clinic')
    .innerJoin('staff_role', (join) =>
      join
        .onRef('staff_role.clinic_id', '=', 'clinic.id')
        .onRef('staff_role.organization_id', '=', 'clinic.organization_id'),
    )
    .select(['clinic.id', 'clinic.name', 'clinic.time_zone'])
    .where('clinic.organization_id', '=', actor.organizationId)
    .where('clinic.id', '=', clinicId)
    .where('staff_role.staff_user_id', '=', actor.userId)
    .where('staff_role.role', '=', 'admin')
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, timeZone: row.time_zone };
}

export interface StoredAllianceSettings {
  overrides: AllianceRuleParameterOverrides;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A clinic's stored overrides with who changed them last (none stored: the defaults). */
export async function findClinicAllianceSettings(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<StoredAllianceSettings> {
  const row = await db
    .selectFrom('clinic_alliance_settings')
    .select(['parameters', 'updated_at', 'updated_by'])
    .where('organization_id', '=', organizationId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return row
    ? {
        overrides: JSON.parse(row.parameters) as AllianceRuleParameterOverrides,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    : { overrides: {}, updatedAt: null, updatedBy: null };
}

/** The clinic's active cases, whose alerts a change of settings recomputes. */
export async function listActiveCaseIdsOfClinic(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('care_case')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('clinic_id', '=', clinicId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
