import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * Alert explanations as catalogue messages: a key and JSON parameters, rendered in the
 * reader's language where they are shown, instead of one English and one Spanish sentence
 * per row (a third language would have needed another column). The sentences of rows
 * stored before this are kept under the key `storedText`, parameters `{ en, es }`, so
 * nothing shown before disappears; the next recompute of the case replaces them with the
 * finding's own key and parameters (the finding's revision changed with its shape).
 * SQLite needs a default to add a NOT NULL column; the application always writes both.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('alert')
    .addColumn('explanation_key', 'text', (c) => c.notNull().defaultTo('storedText'))
    .execute();
  await db.schema
    .alterTable('alert')
    .addColumn('explanation_params', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  const params = postgres
    ? sql`json_build_object('en', explanation_en, 'es', explanation_es)::text`
    : sql`json_object('en', explanation_en, 'es', explanation_es)`;
  await db
    .updateTable('alert')
    .set({ explanation_key: 'storedText', explanation_params: params })
    .execute();
  await db.schema.alterTable('alert').dropColumn('explanation_en').execute();
  await db.schema.alterTable('alert').dropColumn('explanation_es').execute();
}

/** Back to sentences: stored text returns as it was; a message's sentence is lost (empty). */
export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const column of ['explanation_en', 'explanation_es'])
    await db.schema
      .alterTable('alert')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  const text = (language: 'en' | 'es') =>
    postgres
      ? sql`(explanation_params::json ->> ${sql.lit(language)})`
      : sql`json_extract(explanation_params, ${sql.lit(`$.${language}`)})`;
  await db
    .updateTable('alert')
    .set({ explanation_en: text('en'), explanation_es: text('es') })
    .where('explanation_key', '=', 'storedText')
    .execute();
  await db.schema.alterTable('alert').dropColumn('explanation_key').execute();
  await db.schema.alterTable('alert').dropColumn('explanation_params').execute();
}
