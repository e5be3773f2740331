import type { Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * Scores in double precision on PostgreSQL. The measurement migration declared them `real`,
 * which PostgreSQL keeps in four bytes (about seven digits): a WAI-SR mean of 47/12 came
 * back as 3.9166667, so the same answers scored differently on the two databases and
 * boundary comparisons in the alliance rules could flip. SQLite's REAL is already an
 * eight-byte double, so there is nothing to do there. Values stored before this migration
 * keep the digits they lost.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.schema
    .alterTable('score')
    .alterColumn('value', (c) => c.setDataType('double precision'))
    .execute();
  await db.schema
    .alterTable('score')
    .alterColumn('item_mean', (c) => c.setDataType('double precision'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.schema
    .alterTable('score')
    .alterColumn('value', (c) => c.setDataType('real'))
    .execute();
  await db.schema
    .alterTable('score')
    .alterColumn('item_mean', (c) => c.setDataType('real'))
    .execute();
}
