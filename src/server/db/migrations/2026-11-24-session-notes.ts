import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * A therapist's private reflection on one session: one note per session and author. Only
 * its author reads and writes it; their supervisor reads it only while it is shared.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_reflection_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_session.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('shared_with_supervisor', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`shared_with_supervisor in (0, 1)`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('session_reflection_note_author', ['session_id', 'author_id'])
    .execute();
  await db.schema
    .createIndex('session_reflection_note_org_author')
    .on('session_reflection_note')
    .columns(['organization_id', 'author_id'])
    .execute();
}
