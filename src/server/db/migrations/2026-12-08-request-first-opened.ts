import type { Kysely } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * When a questionnaire link was first opened. The visit made on opening is deleted once it
 * expires, so nothing kept said when a person started; the practice report's completion time
 * (docs/reports.md) is the time from this moment to a form being sent. Set once, never
 * overwritten; null for links never opened and for those made before this column.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('questionnaire_request')
    .addColumn('first_opened_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('questionnaire_request').dropColumn('first_opened_at').execute();
}
