import { type Kysely, sql } from 'kysely';

// Frozen in time. Alerts are the alliance engine's findings as a therapist works them
// (open → acknowledged → resolved); rupture events are what the therapist saw and did
// about a rupture; supervision notes are the supervisor's and therapists' notes on a case.

export async function up(db: Kysely<any>): Promise<void> {
  // Per-clinic overrides of the engine's rule parameters (JSON of
  // AllianceRuleParameterOverrides); a clinic without a row uses the defaults.
  await db.schema
    .createTable('clinic_alliance_settings')
    .addColumn('clinic_id', 'text', (c) => c.primaryKey().references('clinic.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    // The finding's key (type, respondent, scale, onset session): one alert per key.
    .addColumn('finding_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) =>
      c.notNull().check(sql`severity in ('info', 'warning', 'urgent')`),
    )
    .addColumn('finding_status', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'acknowledged', 'resolved')`),
    )
    .addColumn('session_number', 'integer', (c) => c.notNull())
    .addColumn('latest_session', 'integer', (c) => c.notNull())
    .addColumn('respondent_ids', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('explanation_en', 'text', (c) => c.notNull())
    .addColumn('explanation_es', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text', (c) => c.references('staff_user.id'))
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('staff_user.id'))
    .addColumn('resolved_at', 'text')
    // 'staff' or the engine's reason: 'repaired', 'resolved', 'no-longer-detected'.
    .addColumn('resolution', 'text')
    // The therapist's note on resolving: clinical free text, never logged.
    .addColumn('resolution_note', 'text')
    .addUniqueConstraint('alert_finding_once', ['organization_id', 'finding_key'])
    .execute();
  await db.schema
    .createIndex('alert_case_status')
    .on('alert')
    .columns(['organization_id', 'case_id', 'status'])
    .execute();

  await db.schema
    .createTable('rupture_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_session.id'))
    .addColumn('alert_id', 'text', (c) => c.references('alert.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('staff_user.id'))
    // JSON arrays of codes: markers ('withdrawal', 'confrontation') and repair strategies.
    .addColumn('markers', 'text', (c) => c.notNull())
    .addColumn('strategies', 'text', (c) => c.notNull())
    // What happened: clinical free text, never logged.
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('resolved', 'partly', 'unresolved')`),
    )
    .addColumn('flagged_for_supervision', 'integer', (c) =>
      c.notNull().check(sql`flagged_for_supervision in (0, 1)`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rupture_event_case')
    .on('rupture_event')
    .columns(['organization_id', 'case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('supervision_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('care_case.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('session_id', 'text', (c) => c.references('therapy_session.id'))
    // Clinical free text, never logged.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('supervision_note_case')
    .on('supervision_note')
    .columns(['organization_id', 'case_id', 'created_at'])
    .execute();
}
