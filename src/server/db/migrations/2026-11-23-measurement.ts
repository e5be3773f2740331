import { type Kysely, sql } from 'kysely';

// Frozen in time. The path of every data point: a plan says who answers what after which
// sessions; a request is one respondent's forms for one session; a response is one
// instrument's answers; scores are derived from it with the scoring version that made them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measurement_plan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addColumn('case_type', 'text', (c) =>
      c.check(sql`case_type in ('individual', 'couple', 'family')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON array of { instrumentId, respondent, schedule, concerns? }.
    .addColumn('entries', 'text', (c) => c.notNull())
    // A change applies to future sessions only: each edit is a new row effective from then.
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('measurement_plan_lookup')
    .on('measurement_plan')
    .columns(['organization_id', 'clinic_id', 'effective_from'])
    .execute();

  await db.schema
    .createTable('questionnaire_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_session.id'))
    .addColumn('respondent_kind', 'text', (c) =>
      c.notNull().check(sql`respondent_kind in ('client', 'therapist')`),
    )
    .addColumn('client_id', 'text', (c) => c.references('client.id'))
    .addColumn('staff_user_id', 'text', (c) => c.references('staff_user.id'))
    // 'client:<id>' or 'therapist:<id>': one request per respondent per session.
    .addColumn('respondent_key', 'text', (c) => c.notNull())
    .addColumn('instruments', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // SHA-256 of the link's token; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'completed', 'expired', 'revoked')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('revoked_at', 'text')
    .addUniqueConstraint('questionnaire_request_respondent', ['session_id', 'respondent_key'])
    .execute();
  await db.schema
    .createIndex('questionnaire_request_case')
    .on('questionnaire_request')
    .columns(['organization_id', 'case_id', 'status'])
    .execute();

  await db.schema
    .createTable('questionnaire_response')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('questionnaire_request.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_session.id'))
    .addColumn('respondent_key', 'text', (c) => c.notNull())
    // The client-generated id of the submission: a retry with the same id is the same answer.
    .addColumn('submission_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('questionnaire_response_once', ['request_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('questionnaire_response_submission')
    .on('questionnaire_response')
    .columns(['request_id', 'submission_id'])
    .execute();

  await db.schema
    .createTable('score')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('response_id', 'text', (c) => c.notNull().references('questionnaire_response.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_session.id'))
    .addColumn('session_number', 'integer', (c) => c.notNull())
    .addColumn('respondent_kind', 'text', (c) =>
      c.notNull().check(sql`respondent_kind in ('client', 'therapist')`),
    )
    .addColumn('client_id', 'text', (c) => c.references('client.id'))
    .addColumn('staff_user_id', 'text', (c) => c.references('staff_user.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('scale_id', 'text', (c) => c.notNull())
    .addColumn('value', 'real')
    .addColumn('item_mean', 'real')
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('prorated', 'integer', (c) => c.notNull().check(sql`prorated in (0, 1)`))
    .addColumn('band', 'text')
    // JSON array of flags (e.g. ["risk"]) on the response's total row, [] elsewhere.
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('score_once', ['response_id', 'scale_id'])
    .execute();
  await db.schema
    .createIndex('score_case_series')
    .on('score')
    .columns(['organization_id', 'case_id', 'instrument_id', 'session_number'])
    .execute();
}
