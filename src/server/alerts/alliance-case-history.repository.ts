import type {
  AllianceCaseHistory,
  AllianceRating,
  AllianceScale,
  OutcomeScore,
  SessionFeedback,
} from '../../core/alliance/alliance-case-history.ts';
import type { AllianceRuleParameterOverrides } from '../../core/alliance/alliance-rule-parameters.ts';
import type { Executor } from '../db/database.ts';
import {
  type ScorePoint,
  listScoresForCase,
} from '../measurement/questionnaire-response.repository.ts';
import { listSessionsForCase } from '../sessions/session.repository.ts';

/** The end-of-session form whose tension and resolution items feed the self-report rule. */
const SESSION_FEEDBACK = 'session-feedback';
/**
 * An alliance form is recognised by its scales, not its id, so a site's imported therapist
 * form (WAI-SR-T and the like) counts without code changes: goal, task and bond scored.
 */
const ALLIANCE_SUBSCALES = ['goal', 'task', 'bond'] as const;
/** The risk item of each instrument with a `risk` flag (PHQ-9 item 9, Kroenke et al. 2001). */
const RISK_ITEMS: Record<string, string> = { 'phq-9': '9' };

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
  const byResponse = new Map<string, ScorePoint[]>();
  for (const s of scores) {
    const list = byResponse.get(s.responseId);
    if (list) list.push(s);
    else byResponse.set(s.responseId, [s]);
  }

  const ratings: AllianceRating[] = [];
  const feedback: SessionFeedback[] = [];
  const outcomes: OutcomeScore[] = [];
  const riskResponses = new Map<string, OutcomeScore>();
  for (const [responseId, rows] of byResponse) {
    const first = rows[0] as ScorePoint;
    const scale = (id: string) => rows.find((r) => r.scaleId === id);
    const respondentId = first.respondentKind === 'client' ? first.clientId : first.staffUserId;
    if (!respondentId) continue;
    if (ALLIANCE_SUBSCALES.every((id) => scale(id) !== undefined)) {
      const values: Partial<Record<AllianceScale, number>> = {};
      for (const id of ['total', ...ALLIANCE_SUBSCALES] as const) {
        const mean = scale(id)?.itemMean;
        if (mean !== null && mean !== undefined) values[id] = mean;
      }
      ratings.push({
        session: first.sessionNumber,
        respondentId,
        role: first.respondentKind,
        ...(first.respondentKind === 'therapist' &&
          first.clientId !== null && { aboutClientId: first.clientId }),
        scores: values,
      });
      continue;
    }
    if (first.instrumentId === SESSION_FEEDBACK) {
      const tension = scale('tension')?.value ?? scale('total')?.value;
      if (tension === null || tension === undefined) continue;
      const resolution = scale('resolution')?.value;
      feedback.push({
        session: first.sessionNumber,
        respondentId,
        tension,
        ...(resolution !== null && resolution !== undefined && { resolution }),
      });
      continue;
    }
    const total = scale('total');
    if (!total || total.value === null) continue;
    const outcome: OutcomeScore = {
      session: first.sessionNumber,
      respondentId,
      instrumentId: first.instrumentId,
      total: total.value,
    };
    outcomes.push(outcome);
    if (total.flags.includes('risk') && RISK_ITEMS[first.instrumentId])
      riskResponses.set(responseId, outcome);
  }

  // Only the risk item of flagged responses is read back from the stored answers.
  if (riskResponses.size > 0) {
    const rows = await db
      .selectFrom('questionnaire_response')
      .select(['id', 'instrument_id', 'answers'])
      .where('organization_id', '=', organizationId)
      .where('case_id', '=', caseId)
      .where('id', 'in', [...riskResponses.keys()])
      .execute();
    for (const row of rows) {
      const item = RISK_ITEMS[row.instrument_id] as string;
      const answer = (JSON.parse(row.answers) as Record<string, unknown>)[item];
      const target = riskResponses.get(row.id);
      if (target && typeof answer === 'number') target.riskItemAnswer = answer;
    }
  }

  return {
    caseId,
    sessions: sessions.map((s) => ({
      number: s.number,
      date: s.startsAt,
      attendance: s.attendance,
    })),
    ratings,
    feedback,
    outcomes,
    reliableChanges: [],
  };
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
