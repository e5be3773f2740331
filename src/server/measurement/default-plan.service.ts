import { randomUUID } from 'node:crypto';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import type { Executor } from '../db/database.ts';
import { type MeasurementPlan, insertMeasurementPlan } from './measurement-plan.repository.ts';

/**
 * The first plan of a clinic has nothing before it to defer to, so it applies to every session
 * of the clinic, including one that took place before the clinic was set up in Rapport (a
 * practice that starts on a Monday afternoon records the morning's sessions too).
 */
export const FIRST_PLAN_EFFECTIVE_FROM = '1970-01-01T00:00:00.000Z';

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
    effectiveFrom: FIRST_PLAN_EFFECTIVE_FROM,
    createdBy,
  };
  await insertMeasurementPlan(trx, plan, now);
  return plan;
}
