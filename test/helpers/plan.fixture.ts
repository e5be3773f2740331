import { randomUUID } from 'node:crypto';
import type { PlanEntry } from '../../src/core/measurement/measurement-plan.ts';
import type { Executor } from '../../src/server/db/database.ts';
import { insertMeasurementPlan } from '../../src/server/measurement/measurement-plan.repository.ts';

/** An instrument asked after every session, of each client member unless said otherwise. */
export const everySession = (
  instrumentId: string,
  respondent: PlanEntry['respondent'] = 'client-member',
): PlanEntry => ({ instrumentId, respondent, schedule: { kind: 'every-session' } });

/**
 * The clinic-wide measurement plan of a test practice (every case type), in force since
 * `effectiveFrom` (default 2026-01-01, before any test session). Default entries: the
 * WAI-SR from each client member after every session.
 */
export async function insertTestPlan(
  db: Executor,
  practice: { organization: { id: string }; clinic: { id: string } },
  options: { entries?: PlanEntry[]; name?: string; effectiveFrom?: string } = {},
): Promise<void> {
  const effectiveFrom = options.effectiveFrom ?? '2026-01-01T00:00:00.000Z';
  await insertMeasurementPlan(
    db,
    {
      id: randomUUID(),
      organizationId: practice.organization.id,
      clinicId: practice.clinic.id,
      caseType: null,
      name: options.name ?? 'Default',
      entries: options.entries ?? [everySession('wai-sr')],
      effectiveFrom,
      createdBy: null,
    },
    effectiveFrom,
  );
}
