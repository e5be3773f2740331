import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * Requests "at the end of care" (issue 19): made when a case is closed, against its last
 * attended session. Their respondent key is 'end-of-care:<kind>:<id>', so they sit beside that
 * session's own request (one per respondent and session), and the partial index keeps them to
 * one per respondent and case: closing twice, or reopening and closing again, asks nothing new.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('questionnaire_request')
    .addColumn('occasion', 'text', (c) =>
      c
        .notNull()
        .defaultTo('session')
        .check(sql`occasion in ('session', 'end-of-care')`),
    )
    .execute();
  await db.schema
    .createIndex('questionnaire_request_end_of_care')
    .on('questionnaire_request')
    .columns(['case_id', 'respondent_key'])
    .unique()
    .where(sql.ref('occasion'), '=', 'end-of-care')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('questionnaire_request_end_of_care').execute();
  await db.schema.alterTable('questionnaire_request').dropColumn('occasion').execute();
}
