import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { RapportDatabase } from '../db/database-schema.ts';

/**
 * What belongs to a study alone stays out of the clinical pages (docs/access-policy.md,
 * "Research"): a form that only a study asked in a request (its `study_request_item` rows
 * say `also_clinical = 0`) is study data. Therapists and supervisors see that their client
 * is enrolled, never the study's answers or scores; a form the clinic's plan also asked is a
 * clinical record and stays in view. The alert engine, which runs as the system, still reads
 * everything, so a risk answer on a study's form reaches the therapist as an urgent alert.
 */
const access = expressionBuilder<RapportDatabase>();

/** True when the answer (its request and instrument) is a clinical record, not study-only. */
export function clinicalAnswer(
  requestId: Expression<string>,
  instrumentId: Expression<string>,
): AliasableExpression<SqlBool> {
  return access.not(
    access.exists(
      access
        .selectFrom('study_request_item as access_sri')
        .select('access_sri.request_id')
        .whereRef('access_sri.request_id', '=', requestId)
        .whereRef('access_sri.instrument_id', '=', instrumentId)
        .where('access_sri.also_clinical', '=', 0),
    ),
  );
}

/** True when the score's response is a clinical record, not study-only. */
export function clinicalScore(responseId: Expression<string>): AliasableExpression<SqlBool> {
  return access.not(
    access.exists(
      access
        .selectFrom('study_request_item as access_ssi')
        .innerJoin('questionnaire_response as access_sr', (join) =>
          join
            .onRef('access_sr.request_id', '=', 'access_ssi.request_id')
            .onRef('access_sr.instrument_id', '=', 'access_ssi.instrument_id'),
        )
        .select('access_ssi.request_id')
        .whereRef('access_sr.id', '=', responseId)
        .where('access_ssi.also_clinical', '=', 0),
    ),
  );
}
