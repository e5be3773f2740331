import { randomUUID } from 'node:crypto';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import type { Executor } from '../db/database.ts';
import { type MeasurementPlan, insertMeasurementPlan } from './measurement-plan.repository.ts';

/**
 * A new clinic starts with Rapport's default plan (src/core/measurement/default-measurement-plan.ts),
 * so the first attended session of a fresh install already asks the client and the therapist
 * for their forms; an admin changes it on the plans page (a new version from then on).
 */
export async function insertDefaultPlan(
  trx: Executor,
  clinic: { id: string; organizationId: string },
  now: string,
  createdBy: string | null,
): Promise<MeasurementPlan> {
  const plan: MeasurementPlan = {
    id: randomUUID(),
    organizationId: clinic.organizationId,
    clinicId: clinic.id,
    caseType: null,
    name: 'Default plan',
    entries: defaultMeasurementPlanEntries(),
    effectiveFrom: now,
    createdBy,
  };
  await insertMeasurementPlan(trx, plan, now);
  return plan;
}
