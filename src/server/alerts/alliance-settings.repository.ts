import type { AllianceRuleParameterOverrides } from '../../core/alliance/alliance-rule-parameters.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { sql } from 'kysely';
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

export interface ClinicAllianceSpread {
  /** Sample SD of the clinic's client alliance totals (mean-item metric); null below two. */
  sd: number | null;
  forms: number;
  clients: number;
}

/**
 * The interindividual spread of a clinic's client alliance totals, the value the stricter
 * rupture rule's pooled SD stands for (Gumz et al. 2012; estimate-interindividual-sd.ts
 * computes the same from histories). An alliance form is one scored on goal, task and bond
 * (as in alliance-case-history.repository.ts), so an imported form counts too. Aggregated
 * in SQL: n, Σx and Σx² give the sample variance without reading the rows out.
 */
export async function measureClinicAllianceSpread(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<ClinicAllianceSpread> {
  const row = await db
    .selectFrom('score')
    .innerJoin('care_case', (join) =>
      join
        .onRef('care_case.id', '=', 'score.case_id')
        .onRef('care_case.organization_id', '=', 'score.organization_id'),
    )
    .select((eb) => [
      eb.fn.count<number | string>('score.item_mean').as('n'),
      eb.fn.count<number | string>('score.client_id').distinct().as('clients'),
      eb.fn.sum<number | string | null>('score.item_mean').as('sum'),
      eb.fn
        .sum<number | string | null>(sql<number>`score.item_mean * score.item_mean`)
        .as('squares'),
    ])
    .where('score.organization_id', '=', organizationId)
    .where('care_case.clinic_id', '=', clinicId)
    .where('score.respondent_kind', '=', 'client')
    .where('score.scale_id', '=', 'total')
    .where('score.item_mean', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('score as bond')
          .select('bond.id')
          .whereRef('bond.response_id', '=', 'score.response_id')
          .whereRef('bond.organization_id', '=', 'score.organization_id')
          .where('bond.scale_id', '=', 'bond'),
      ),
    )
    .executeTakeFirstOrThrow();
  // PostgreSQL returns count() and sum() of numerics as strings.
  const n = Number(row.n);
  const sum = Number(row.sum ?? 0);
  const squares = Number(row.squares ?? 0);
  const variance = n < 2 ? null : Math.max(0, (squares - (sum * sum) / n) / (n - 1));
  return {
    sd: variance === null ? null : Math.sqrt(variance),
    forms: n,
    clients: Number(row.clients),
  };
}
