import { type PlanEntry, planEntriesSchema } from '../../core/measurement/measurement-plan.ts';
import type { Executor } from '../db/database.ts';
import type { CaseType, MeasurementPlanTable } from '../db/database-schema.ts';

export interface MeasurementPlan {
  id: string;
  organizationId: string;
  clinicId: string;
  caseType: CaseType | null;
  name: string;
  entries: PlanEntry[];
  effectiveFrom: string;
  createdBy: string | null;
}

const planRowToPlan = (row: MeasurementPlanTable): MeasurementPlan => ({
  id: row.id,
  organizationId: row.organization_id,
  clinicId: row.clinic_id,
  caseType: row.case_type,
  name: row.name,
  entries: planEntriesSchema.parse(JSON.parse(row.entries)),
  effectiveFrom: row.effective_from,
  createdBy: row.created_by,
});

export async function insertMeasurementPlan(
  db: Executor,
  plan: MeasurementPlan,
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('measurement_plan')
    .values({
      id: plan.id,
      organization_id: plan.organizationId,
      clinic_id: plan.clinicId,
      case_type: plan.caseType,
      name: plan.name,
      entries: JSON.stringify(plan.entries),
      effective_from: plan.effectiveFrom,
      created_by: plan.createdBy,
      created_at: createdAt,
    })
    .execute();
}

/**
 * The plan in force for a case at a moment: the clinic's latest plan for that case type
 * (or for every type) that took effect by then. A later edit never reaches back.
 */
export async function findPlanInForce(
  db: Executor,
  organizationId: string,
  clinicId: string,
  caseType: CaseType,
  at: string,
): Promise<MeasurementPlan | undefined> {
  const row = await db
    .selectFrom('measurement_plan')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('clinic_id', '=', clinicId)
    .where((eb) => eb.or([eb('case_type', '=', caseType), eb('case_type', 'is', null)]))
    .where('effective_from', '<=', at)
    // A plan for the case type wins over a plan for every type; then the newest.
    .orderBy((eb) => eb.case().when('case_type', 'is', null).then(1).else(0).end())
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && planRowToPlan(row);
}

export async function listMeasurementPlans(
  db: Executor,
  organizationId: string,
): Promise<MeasurementPlan[]> {
  const rows = await db
    .selectFrom('measurement_plan')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('clinic_id')
    .orderBy('effective_from', 'desc')
    .execute();
  return rows.map(planRowToPlan);
}
