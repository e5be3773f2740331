import type { Kysely } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/** A site's own instrument definitions (e.g. a licensed ORS/SRS), one row per version. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instrument_definition')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    // The validated definition as JSON text, exactly as scored (so old scores stay explainable).
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instrument_definition_pk', [
      'organization_id',
      'instrument_id',
      'version',
    ])
    .execute();
}
