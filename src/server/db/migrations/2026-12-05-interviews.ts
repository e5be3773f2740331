import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time. IPR interviews of a research study (issue 17): which sessions trigger an
// interview and for whom, the interview protocol in versions, one task per participant and
// triggering session (due a fixed number of elapsed hours after the session's recorded end),
// every change of a task as an event, and the booking of a task.
//
// Interpreters: the research registry is the existing `interpreter` table, extended with
// who briefed the interpreter on confidentiality and when. One row per person serves both
// therapy sessions (therapy_session.interpreter_id) and interviews, so "never the
// interpreter of that participant's therapy" is a join, not a name match across two lists.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('interpreter')
    // The date of the confidentiality briefing (YYYY-MM-DD) and the staff member who gave it.
    .addColumn('briefed_on', 'text')
    .execute();
  await db.schema
    .alterTable('interpreter')
    .addColumn('briefed_by', 'text', (c) => c.references('staff_user.id'))
    .execute();

  // One schedule per study: the session numbers (JSON array) after which the respondents
  // (JSON array of 'client' and/or 'therapist') are interviewed, within window_hours.
  await db.schema
    .createTable('interview_schedule')
    .addColumn('study_id', 'text', (c) => c.primaryKey().references('study.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('session_numbers', 'text', (c) => c.notNull())
    .addColumn('respondents', 'text', (c) => c.notNull())
    .addColumn('window_hours', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(48)
        .check(sql`window_hours between 1 and 336`),
    )
    .addColumn('updated_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Versions are never edited: a change is a new version, and a booked interview keeps the
  // version it was booked with.
  await db.schema
    .createTable('interview_protocol_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    /** JSON array of { question, probes: string[] }. */
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('interview_protocol_number', ['study_id', 'version'])
    .execute();

  // open (no booking yet) → scheduled (booked) → completed | partial | declined | missed;
  // withdrawn when the session's attendance is corrected or the participant withdraws.
  await db.schema
    .createTable('interview_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('study_id', 'text', (c) => c.notNull().references('study.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('study_participant.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_session.id'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('open', 'scheduled', 'completed', 'partial', 'declined', 'missed', 'withdrawn')`,
        ),
    )
    .addColumn('protocol_version_id', 'text', (c) => c.references('interview_protocol_version.id'))
    // A partial interview: what was covered and why it stopped (free text, never logged).
    .addColumn('covered', 'text')
    .addColumn('stop_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Re-marking a session attended, or two instances at once, never makes a second task.
    .addUniqueConstraint('interview_task_once', ['study_id', 'participant_id', 'session_id'])
    .execute();
  await db.schema
    .createIndex('interview_task_session')
    .on('interview_task')
    .column('session_id')
    .execute();
  await db.schema
    .createIndex('interview_task_study_due')
    .on('interview_task')
    .columns(['study_id', 'due_at'])
    .execute();

  // Every state of a task with who and when (actor_kind 'system' for the jobs). An
  // increasing id orders two changes within one millisecond (booked as the task was made).
  await db.schema
    .createTable('interview_task_event')
    .addColumn(
      'id',
      db.getExecutor().adapter instanceof PostgresAdapter ? 'bigserial' : 'integer',
      (c) => c.primaryKey(),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('task_id', 'text', (c) => c.notNull().references('interview_task.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('open', 'scheduled', 'completed', 'partial', 'declined', 'missed', 'withdrawn')`,
        ),
    )
    .addColumn('actor_kind', 'text', (c) =>
      c.notNull().check(sql`actor_kind in ('staff', 'system')`),
    )
    .addColumn('actor_id', 'text', (c) => c.references('staff_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('interview_task_event_task')
    .on('interview_task_event')
    .columns(['task_id', 'at'])
    .execute();

  // One booking per task: one slot holds one respondent (client and therapist apart).
  await db.schema
    .createTable('interview_booking')
    .addColumn('task_id', 'text', (c) => c.primaryKey().references('interview_task.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('interviewer_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('modality', 'text', (c) =>
      c.notNull().check(sql`modality in ('in-person', 'video', 'phone')`),
    )
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('interpreter_id', 'text', (c) => c.references('interpreter.id'))
    .addColumn('booked_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('booked_at', 'text', (c) => c.notNull())
    .addCheckConstraint('interview_booking_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('interview_booking_interviewer')
    .on('interview_booking')
    .columns(['interviewer_id', 'starts_at'])
    .execute();
}
