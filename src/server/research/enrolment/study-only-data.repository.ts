import type { Executor } from '../../db/database.ts';

/**
 * Deletes a participant's study-only data: the answers (and their scores) to instruments
 * that only the study asked for (study_request_item.also_clinical = 0), then every
 * study_request_item row of the participant. An instrument the clinic's own plan also asked
 * for in that request is a clinical record and stays. Run inside the withdrawal's
 * transaction.
 *
 * Interim: engineer 3 (studyforms) owns src/server/research/study-data/, which will hold the
 * shared version of this; the lead unifies them once both are on main.
 */
export async function deleteStudyOnlyData(
  db: Executor,
  participantId: string,
): Promise<{ responses: number; scores: number; requestItems: number }> {
  const items = await db
    .selectFrom('study_request_item')
    .select(['request_id', 'instrument_id'])
    .where('participant_id', '=', participantId)
    .where('also_clinical', '=', 0)
    .execute();
  let responses = 0;
  let scores = 0;
  for (const item of items) {
    const responseIds = db
      .selectFrom('questionnaire_response')
      .select('id')
      .where('request_id', '=', item.request_id)
      .where('instrument_id', '=', item.instrument_id);
    const deletedScores = await db
      .deleteFrom('score')
      .where('response_id', 'in', responseIds)
      .executeTakeFirst();
    scores += Number(deletedScores.numDeletedRows);
    const deletedResponses = await db
      .deleteFrom('questionnaire_response')
      .where('request_id', '=', item.request_id)
      .where('instrument_id', '=', item.instrument_id)
      .executeTakeFirst();
    responses += Number(deletedResponses.numDeletedRows);
  }
  const deletedItems = await db
    .deleteFrom('study_request_item')
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  return { responses, scores, requestItems: Number(deletedItems.numDeletedRows) };
}
