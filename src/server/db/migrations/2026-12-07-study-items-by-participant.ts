import type { Kysely } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * A study's request items by participant. An export reads a study's items a page of
 * participants at a time (`study_id = ? and participant_id in (…)`); with only the primary key
 * (study_id, request_id, instrument_id) SQLite walked every item of the study for each page,
 * so an export's reads grew with the square of the study (bench/README.md, "Study export").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('study_request_item_study_participant')
    .on('study_request_item')
    .columns(['study_id', 'participant_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('study_request_item_study_participant').execute();
}
