import { type Kysely, sql } from 'kysely';

// Frozen in time. De-identified study exports (issue 18): each study's export settings (the
// small-cell threshold k, how dates leave the building, whether free text may), each
// participant's stored date shift, and one row per export: who asked, when, until when its
// download link works, and, once written, its manifest (row counts and SHA-256 per file).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('study')
    .addColumn('min_cell_size', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`min_cell_size between 2 and 100`),
    )
    .execute();
  await db.schema
    .alterTable('study')
    .addColumn('export_dates', 'text', (c) =>
      c
        .notNull()
        .defaultTo('shift')
        .check(sql`export_dates in ('shift', 'days-since-first-session')`),
    )
    .execute();
  await db.schema
    .alterTable('study')
    .addColumn('export_free_text', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`export_free_text in (0, 1)`),
    )
    .execute();
  // Drawn once, at the participant's first export, and kept: the same person's dates move
  // by the same number of days in every export of the study.
  await db.schema
    .alterTable('study_participant')
    .addColumn('export_shift_days', 'integer', (c) =>
      c.check(sql`export_shift_days between 0 and 364`),
    )
    .execute();

  await db.schema
    .createTable('study_export')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('created_by', 'text', (c) => c.references('staff_user.id'))
    // 'web' (a study team member's download) or 'cli' (rapport export study, no staff user).
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('web', 'cli')`))
    // JSON, what was asked for: { "items": true } (whether item answers are included).
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // The download link works once, until then.
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('downloaded_at', 'text')
    // JSON, the manifest of the ZIP once it has been written in full.
    .addColumn('manifest', 'text')
    .execute();
  await db.schema
    .createIndex('study_export_study')
    .on('study_export')
    .columns(['study_id', 'created_at'])
    .execute();
}
