import type { Executor } from '../../db/database.ts';

// A participant's study-only data: what a study asked of them that the clinic's plan did
// not (study_request_item rows with also_clinical = 0), and their answers and scores to it.
// A form the plan also asked is a clinical record: listed nowhere here, never deleted here.

export interface StudyOnlyItem {
  studyId: string;
  measureId: string;
  requestId: string;
  sessionId: string;
  sessionNumber: number;
  instrumentId: string;
  /** Null while the form is unanswered. */
  response: {
    id: string;
    instrumentVersion: string;
    answers: Record<string, unknown>;
    submittedAt: string;
  } | null;
  scores: { scaleId: string; value: number | null }[];
}

/** The participant of a study, when it is one of this organization's (else undefined). */
export async function findStudyParticipant(
  db: Executor,
  organizationId: string,
  studyId: string,
  participantId: string,
): Promise<{ id: string; studyId: string } | undefined> {
  const row = await db
    .selectFrom('study_participant')
    .select(['id', 'study_id'])
    .where('organization_id', '=', organizationId)
    .where('study_id', '=', studyId)
    .where('id', '=', participantId)
    .executeTakeFirst();
  return row && { id: row.id, studyId: row.study_id };
}

/**
 * The organization's study_request_item rows (`i`) with their request (`q`), its session
 * (`t`) and the answer to the item's form, if any (`r`): what a study asked, when, and what
 * came back. Callers add their own filters and columns.
 */
export function studyItemsWithAnswers(db: Executor, organizationId: string) {
  return db
    .selectFrom('study_request_item as i')
    .innerJoin('questionnaire_request as q', (join) =>
      join.onRef('q.id', '=', 'i.request_id').onRef('q.organization_id', '=', 'i.organization_id'),
    )
    .innerJoin('therapy_session as t', (join) =>
      join.onRef('t.id', '=', 'q.session_id').onRef('t.organization_id', '=', 'q.organization_id'),
    )
    .leftJoin('questionnaire_response as r', (join) =>
      join
        .onRef('r.request_id', '=', 'i.request_id')
        .onRef('r.instrument_id', '=', 'i.instrument_id')
        .onRef('r.organization_id', '=', 'i.organization_id'),
    )
    .where('i.organization_id', '=', organizationId);
}

/** The scores of these responses, by response id, each list in scale order. */
export async function listResponseScores(
  db: Executor,
  organizationId: string,
  responseIds: string[],
): Promise<Map<string, { scaleId: string; value: number | null }[]>> {
  const byResponse = new Map<string, { scaleId: string; value: number | null }[]>();
  if (responseIds.length === 0) return byResponse;
  // Scoped through the responses' organization rather than score.organization_id: given
  // that column, SQLite walks every score of the organization by score_case_series (3.8 s a
  // page on the 20,000-client demo, bench/README.md "Study export") instead of the few rows
  // of each response by score_once.
  const rows = await db
    .selectFrom('score')
    .select(['response_id', 'scale_id', 'value'])
    .where('response_id', 'in', (eb) =>
      eb
        .selectFrom('questionnaire_response')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', 'in', responseIds),
    )
    .orderBy('scale_id')
    .execute();
  for (const row of rows) {
    const list = byResponse.get(row.response_id) ?? [];
    list.push({ scaleId: row.scale_id, value: row.value === null ? null : Number(row.value) });
    byResponse.set(row.response_id, list);
  }
  return byResponse;
}

/** Every study-only item of a participant, session order, with its answers and scores. */
export async function listStudyOnlyItems(
  db: Executor,
  organizationId: string,
  participantId: string,
): Promise<StudyOnlyItem[]> {
  const rows = await studyItemsWithAnswers(db, organizationId)
    .select([
      'i.study_id',
      'i.measure_id',
      'i.request_id',
      'q.session_id',
      't.number',
      'i.instrument_id',
      'r.id as response_id',
      'r.instrument_version',
      'r.answers',
      'r.submitted_at',
    ])
    .where('i.participant_id', '=', participantId)
    .where('i.also_clinical', '=', 0)
    .orderBy('t.number')
    .orderBy('i.instrument_id')
    .execute();
  const scores = await listResponseScores(
    db,
    organizationId,
    rows.flatMap((row) => (row.response_id === null ? [] : [row.response_id])),
  );
  return rows.map((row) => ({
    studyId: row.study_id,
    measureId: row.measure_id,
    requestId: row.request_id,
    sessionId: row.session_id,
    sessionNumber: Number(row.number),
    instrumentId: row.instrument_id,
    response:
      row.response_id === null
        ? null
        : {
            id: row.response_id,
            instrumentVersion: row.instrument_version!,
            answers: JSON.parse(row.answers!) as Record<string, unknown>,
            submittedAt: row.submitted_at!,
          },
    scores: (row.response_id === null ? undefined : scores.get(row.response_id)) ?? [],
  }));
}

export interface DeletedStudyData {
  responses: number;
  scores: number;
  items: number;
  /** The cases whose scores changed (their alerts are recomputed). */
  caseIds: string[];
}

/**
 * Deletes a participant's study-only answers and their scores, then all of the
 * participant's study_request_item rows. A response is kept when the clinic's plan or
 * another study's participant (another study asking the same form in the same request) also
 * stands behind it: then only this participant's item goes. Call inside a transaction.
 */
export async function deleteStudyOnlyData(
  db: Executor,
  organizationId: string,
  participantId: string,
): Promise<DeletedStudyData> {
  const responses = await db
    .selectFrom('study_request_item as i')
    .innerJoin('questionnaire_response as r', (join) =>
      join
        .onRef('r.request_id', '=', 'i.request_id')
        .onRef('r.instrument_id', '=', 'i.instrument_id')
        .onRef('r.organization_id', '=', 'i.organization_id'),
    )
    .select(['r.id', 'r.case_id'])
    .where('i.organization_id', '=', organizationId)
    .where('i.participant_id', '=', participantId)
    .where('i.also_clinical', '=', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('study_request_item as o')
            .select('o.request_id')
            .whereRef('o.organization_id', '=', 'i.organization_id')
            .whereRef('o.request_id', '=', 'i.request_id')
            .whereRef('o.instrument_id', '=', 'i.instrument_id')
            .where((eb) =>
              eb.or([eb('o.also_clinical', '=', 1), eb('o.participant_id', '<>', participantId)]),
            ),
        ),
      ),
    )
    .execute();
  const ids = responses.map((r) => r.id);
  let scores = 0;
  let deletedResponses = 0;
  if (ids.length > 0) {
    const scoreResult = await db
      .deleteFrom('score')
      .where('organization_id', '=', organizationId)
      .where('response_id', 'in', ids)
      .executeTakeFirst();
    scores = Number(scoreResult.numDeletedRows);
    const responseResult = await db
      .deleteFrom('questionnaire_response')
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    deletedResponses = Number(responseResult.numDeletedRows);
  }
  const itemResult = await db
    .deleteFrom('study_request_item')
    .where('organization_id', '=', organizationId)
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  return {
    responses: deletedResponses,
    scores,
    items: Number(itemResult.numDeletedRows),
    caseIds: [...new Set(responses.map((r) => r.case_id))].sort(),
  };
}
