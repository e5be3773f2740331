import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organization')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('clinic')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clinic_org').on('clinic').column('organization_id').execute();

  await db.schema
    .createTable('staff_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'disabled')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One login per e-mail address across the installation: a person signs in before the
  // organization is known.
  await db.schema
    .createIndex('staff_user_email')
    .on('staff_user')
    .column('email')
    .unique()
    .execute();
  await db.schema
    .createIndex('staff_user_org')
    .on('staff_user')
    .column('organization_id')
    .execute();

  await db.schema
    .createTable('staff_role')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(sql`role in ('admin', 'therapist', 'supervisor', 'researcher', 'interpreter')`),
    )
    .addPrimaryKeyConstraint('staff_role_pk', ['staff_user_id', 'clinic_id', 'role'])
    .execute();
  await db.schema
    .createIndex('staff_role_clinic')
    .on('staff_role')
    .columns(['clinic_id', 'role'])
    .execute();

  await db.schema
    .createTable('supervision')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('supervisor_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('supervisee_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addPrimaryKeyConstraint('supervision_pk', ['supervisor_id', 'supervisee_id'])
    .execute();

  await db.schema
    .createTable('client')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('preferred_language', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('client_org_clinic')
    .on('client')
    .columns(['organization_id', 'clinic_id'])
    .execute();

  await db.schema
    .createTable('care_case')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('individual', 'couple', 'family')`),
    )
    .addColumn('presenting_concerns', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'paused', 'closed')`),
    )
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addUniqueConstraint('care_case_reference', ['organization_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('care_case_clinic')
    .on('care_case')
    .columns(['clinic_id', 'status'])
    .execute();

  await db.schema
    .createTable('case_member')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('client.id'))
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_member_pk', ['case_id', 'client_id'])
    .execute();
  await db.schema.createIndex('case_member_client').on('case_member').column('client_id').execute();

  await db.schema
    .createTable('case_therapist')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('is_primary', 'integer', (c) => c.notNull().check(sql`is_primary in (0, 1)`))
    .addPrimaryKeyConstraint('case_therapist_pk', ['case_id', 'staff_user_id'])
    .execute();
  await db.schema
    .createIndex('case_therapist_staff')
    .on('case_therapist')
    .column('staff_user_id')
    .execute();

  await db.schema
    .createTable('interpreter')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('staff_user_id', 'text', (c) => c.references('staff_user.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('clinical_experience', 'text')
    .addColumn('briefing_acknowledged_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('therapy_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('attendance', 'text', (c) =>
      c.notNull().check(sql`attendance in ('scheduled', 'attended', 'cancelled', 'no-show')`),
    )
    .addColumn('modality', 'text', (c) =>
      c.notNull().check(sql`modality in ('in-person', 'video', 'phone')`),
    )
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('interpreter_id', 'text', (c) => c.references('interpreter.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('therapy_session_number', ['case_id', 'number'])
    .addCheckConstraint('therapy_session_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('therapy_session_org_start')
    .on('therapy_session')
    .columns(['organization_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('audit_event')
    // An increasing id gives the trail a total order even within one millisecond.
    .addColumn(
      'id',
      db.getExecutor().adapter instanceof PostgresAdapter ? 'bigserial' : 'integer',
      (c) => c.primaryKey(),
    )
    .addColumn('organization_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) =>
      c.notNull().check(sql`actor_type in ('staff', 'client', 'system', 'cli')`),
    )
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('success', 'denied', 'failed')`),
    )
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_event_org_time')
    .on('audit_event')
    .columns(['organization_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`),
    )
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_due').on('job').columns(['status', 'run_at']).execute();
}
