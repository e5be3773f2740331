import { readableCase, readableCasesAmong } from '../access/case-access.repository.ts';
import { clinicalScore } from '../access/study-only-answers.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import { compiledOnce } from '../db/compiled-once.ts';
import type {
  QuestionnaireResponseTable,
  RespondentKind,
  ScoreTable,
} from '../db/database-schema.ts';

export interface StoredResponse {
  id: string;
  requestId: string;
  submissionId: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: Record<string, unknown>;
  submittedAt: string;
}

export async function insertResponses(
  db: Executor,
  rows: QuestionnaireResponseTable[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('questionnaire_response').values(rows).execute();
}

export async function insertScores(db: Executor, rows: ScoreTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('score').values(rows).execute();
}

export async function findResponseForInstrument(
  db: Executor,
  organizationId: string,
  requestId: string,
  instrumentId: string,
): Promise<StoredResponse | undefined> {
  const [row] = await responseForInstrument(db, organizationId, requestId, instrumentId);
  return (
    row && {
      id: row.id,
      requestId: row.request_id,
      submissionId: row.submission_id,
      instrumentId: row.instrument_id,
      instrumentVersion: row.instrument_version,
      answers: JSON.parse(row.answers) as Record<string, unknown>,
      submittedAt: row.submitted_at,
    }
  );
}

export async function listAnsweredInstruments(
  db: Executor,
  organizationId: string,
  requestId: string,
): Promise<string[]> {
  const rows = await answeredInstruments(db, organizationId, requestId);
  return rows.map((r) => r.instrument_id);
}

// Both run in every client submission: built once, not per call.
const responseForInstrument = compiledOnce(
  (db: Executor, organizationId: string, requestId: string, instrumentId: string) =>
    db
      .selectFrom('questionnaire_response')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('request_id', '=', requestId)
      .where('instrument_id', '=', instrumentId),
);
const answeredInstruments = compiledOnce(
  (db: Executor, organizationId: string, requestId: string) =>
    db
      .selectFrom('questionnaire_response')
      .select('instrument_id')
      .where('organization_id', '=', organizationId)
      .where('request_id', '=', requestId),
);

export interface ScorePoint {
  responseId: string;
  sessionId: string;
  sessionNumber: number;
  respondentKind: RespondentKind;
  clientId: string | null;
  staffUserId: string | null;
  instrumentId: string;
  instrumentVersion: string;
  scaleId: string;
  value: number | null;
  itemMean: number | null;
  answered: number;
  itemCount: number;
  prorated: boolean;
  band: string | null;
  flags: string[];
}

/** A stored score row as a point; PostgreSQL's numerics may arrive as strings. */
export const scoreRowToPoint = (row: ScoreTable): ScorePoint => ({
  responseId: row.response_id,
  sessionId: row.session_id,
  sessionNumber: Number(row.session_number),
  respondentKind: row.respondent_kind,
  clientId: row.client_id,
  staffUserId: row.staff_user_id,
  instrumentId: row.instrument_id,
  instrumentVersion: row.instrument_version,
  scaleId: row.scale_id,
  value: row.value === null ? null : Number(row.value),
  itemMean: row.item_mean === null ? null : Number(row.item_mean),
  answered: Number(row.answered),
  itemCount: Number(row.item_count),
  prorated: Number(row.prorated) === 1,
  band: row.band,
  flags: JSON.parse(row.flags) as string[],
});

const scoresOfCase = (db: Executor, organizationId: string, caseId: string) =>
  db
    .selectFrom('score')
    .selectAll()
    .where('score.organization_id', '=', organizationId)
    .where('score.case_id', '=', caseId)
    .orderBy('session_number')
    .orderBy('instrument_id')
    .orderBy('respondent_kind')
    .orderBy('scale_id');

/**
 * Every score of a case, in session order, with no one's access applied: what the alert
 * engine reads (it runs as the system). A person's read goes through
 * `listReadableScoresForCase`.
 */
export async function listScoresForCase(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<ScorePoint[]> {
  return (await scoresOfCase(db, organizationId, caseId).execute()).map(scoreRowToPoint);
}

/**
 * Every score of a case the actor may read, in session order: what the case view reads.
 * A study's own forms stay out (study-only-answers.repository.ts).
 */
export async function listReadableScoresForCase(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<ScorePoint[]> {
  const rows = await scoresOfCase(db, actor.organizationId, caseId)
    .where((eb) => readableCase(actor, eb.ref('score.case_id')))
    .where((eb) => clinicalScore(eb.ref('score.response_id')))
    .execute();
  return rows.map(scoreRowToPoint);
}

/**
 * The alliance totals of the cases the actor may read, for the caseload (one query for many
 * cases).
 */
export async function listScoresForCases(
  db: Executor,
  actor: StaffActor,
  caseIds: string[],
  instrumentIds: string[],
  scaleId: string,
): Promise<(ScorePoint & { caseId: string })[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('score')
    .selectAll()
    .where('organization_id', '=', actor.organizationId)
    .where('case_id', 'in', readableCasesAmong(actor, caseIds))
    .where('instrument_id', 'in', instrumentIds)
    .where('scale_id', '=', scaleId)
    .where((eb) => clinicalScore(eb.ref('score.response_id')))
    .orderBy('case_id')
    .orderBy('session_number')
    .execute();
  return rows.map((row) => ({ ...scoreRowToPoint(row), caseId: row.case_id }));
}

/**
 * One client member's own scores on a case the actor may read, in session order: what the
 * in-session view shows that client (nobody else's scores are even read).
 */
export async function listReadableScoresOfClient(
  db: Executor,
  actor: StaffActor,
  caseId: string,
  clientId: string,
): Promise<ScorePoint[]> {
  const rows = await scoresOfCase(db, actor.organizationId, caseId)
    .where('score.respondent_kind', '=', 'client')
    .where('score.client_id', '=', clientId)
    .where((eb) => readableCase(actor, eb.ref('score.case_id')))
    .where((eb) => clinicalScore(eb.ref('score.response_id')))
    .execute();
  return rows.map(scoreRowToPoint);
}
