import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time. The recordings of IPR interviews, the interviewer's reflection note and a
// senior researcher's review (issue 17, items 6 and 7).
//
// A recording's audio lives encrypted in a file under the data directory
// (<data>/recordings/<id>.rec); the row says which interview it belongs to, its type (from
// its first bytes), its size and the key it was sealed under. Never the file's name: a
// name may carry a participant's.

export async function up(db: Kysely<any>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigserial' : 'integer';

  // Days after an interview its recordings are kept; null keeps them until deleted.
  await db.schema.alterTable('study').addColumn('recording_retention_days', 'integer').execute();

  await db.schema
    .createTable('interview_recording')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('task_id', 'text', (c) => c.notNull().references('interview_task.id'))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('interview_recording_task')
    .on('interview_recording')
    .column('task_id')
    .execute();

  // Every saved version of a reflection note is a row; the newest is the note. Its author
  // is the first one to write it (the interviewer), and only they edit it.
  await db.schema
    .createTable('interview_reflection_revision')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('task_id', 'text', (c) => c.notNull().references('interview_task.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('interview_reflection_revision_task')
    .on('interview_reflection_revision')
    .columns(['task_id', 'id'])
    .execute();

  // A senior researcher's review of one interview: feedback, reviewed, interviewer debriefed.
  await db.schema
    .createTable('interview_review')
    .addColumn('task_id', 'text', (c) => c.primaryKey().references('interview_task.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('feedback', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.references('staff_user.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('debriefed_by', 'text', (c) => c.references('staff_user.id'))
    .addColumn('debriefed_at', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
