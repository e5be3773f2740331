import type { AllianceCaseHistory } from '../../core/alliance/alliance-case-history.ts';
import type { AllianceRuleParameterOverrides } from '../../core/alliance/alliance-rule-parameters.ts';
import type { Executor } from '../db/database.ts';
import { listScoresForCase } from '../measurement/questionnaire-response.repository.ts';
import { listSessionsForCase } from '../sessions/session.repository.ts';
import { addRiskItemAnswer, buildAllianceCaseHistory } from './build-alliance-case-history.ts';

export interface CaseForAnalysis {
  caseId: string;
  clinicId: string;
  therapistIds: string[];
}

/** The case's clinic and therapists, or undefined outside the organization. */
export async function findCaseForAnalysis(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<CaseForAnalysis | undefined> {
  const row = await db
    .selectFrom('care_case')
    .select(['id', 'clinic_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', caseId)
    // A closed case's alerts stay as they were: the engine no longer looks at it.
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  if (!row) return undefined;
  const therapists = await db
    .selectFrom('case_therapist')
    .select('staff_user_id')
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .orderBy('staff_user_id')
    .execute();
  return {
    caseId: row.id,
    clinicId: row.clinic_id,
    therapistIds: therapists.map((t) => t.staff_user_id),
  };
}

/** Every case id of an organization, for a full recompute. */
export async function listCaseIds(db: Executor, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('care_case')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('status', '!=', 'closed')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** A clinic's overrides of the engine's defaults, or none. */
export async function findClinicAllianceOverrides(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<AllianceRuleParameterOverrides> {
  const row = await db
    .selectFrom('clinic_alliance_settings')
    .select('parameters')
    .where('organization_id', '=', organizationId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.parameters) as AllianceRuleParameterOverrides) : {};
}

export async function saveClinicAllianceOverrides(
  db: Executor,
  organizationId: string,
  clinicId: string,
  overrides: AllianceRuleParameterOverrides,
  updatedBy: string | null,
  now: string,
): Promise<void> {
  const parameters = JSON.stringify(overrides);
  await db
    .insertInto('clinic_alliance_settings')
    .values({
      clinic_id: clinicId,
      organization_id: organizationId,
      parameters,
      updated_by: updatedBy,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('clinic_id')
        .doUpdateSet({ parameters, updated_by: updatedBy, updated_at: now })
        .where('clinic_alliance_settings.organization_id', '=', organizationId),
    )
    .execute();
}

/**
 * One case's scored history as the alliance engine reads it (src/core/alliance): sessions,
 * alliance forms on the mean-item metric, the session-feedback tension and resolution
 * scores, and outcome totals with the risk item's answer where the risk flag fired.
 * Reliable-change results are not loaded yet: the bundled instruments carry no norms to
 * compute them from (docs/alerts.md).
 */
export async function loadAllianceCaseHistory(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<AllianceCaseHistory> {
  const [sessions, scores] = await Promise.all([
    listSessionsForCase(db, organizationId, caseId),
    listScoresForCase(db, organizationId, caseId),
  ]);
  const draft = buildAllianceCaseHistory(caseId, sessions, scores);

  // Only the risk item of flagged responses is read back from the stored answers.
  if (draft.riskResponses.size > 0) {
    const rows = await db
      .selectFrom('questionnaire_response')
      .select(['id', 'instrument_id', 'answers'])
      .where('organization_id', '=', organizationId)
      .where('case_id', '=', caseId)
      .where('id', 'in', [...draft.riskResponses.keys()])
      .execute();
    for (const row of rows) addRiskItemAnswer(draft, row.id, row.instrument_id, row.answers);
  }
  return draft.history;
}

/** The organization of a case, for operator tools (the CLI) that start from a case id. */
export async function findCaseOrganizationId(
  db: Executor,
  caseId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('care_case')
    .select('organization_id')
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row?.organization_id;
}
