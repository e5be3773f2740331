import { type Kysely, sql } from 'kysely';

// Frozen in time. Intake: clients gain a preferred name, a date of birth (birth_year stays,
// filled from it) and a mobile number; a case records the clinic's own case type (coaching…)
// beside its structure (individual, couple, family), why it was closed, and, for a minor
// member, a guardian to contact. Each clinic has its own lists of case types and concerns.

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['preferred_name', 'date_of_birth', 'mobile', 'updated_at'])
    await db.schema.alterTable('client').addColumn(column, 'text').execute();

  // The clinic's case type (a code of its list); null for cases made before this migration.
  await db.schema.alterTable('care_case').addColumn('case_type', 'text').execute();
  await db.schema
    .alterTable('care_case')
    .addColumn('closed_reason', 'text', (c) =>
      c.check(sql`closed_reason in ('completed', 'dropped-out', 'referred', 'other')`),
    )
    .execute();

  await db.schema.alterTable('case_member').addColumn('guardian_name', 'text').execute();
  await db.schema.alterTable('case_member').addColumn('guardian_contact', 'text').execute();

  // A clinic without a row uses the defaults (src/core/intake/intake-lists.ts).
  await db.schema
    .createTable('clinic_intake_settings')
    .addColumn('clinic_id', 'text', (c) => c.primaryKey().references('clinic.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    /** JSON array of { code, structure } */
    .addColumn('case_types', 'text', (c) => c.notNull())
    /** JSON array of concern codes */
    .addColumn('presenting_concerns', 'text', (c) => c.notNull())
    .addColumn('therapists_may_open_cases', 'integer', (c) =>
      c.notNull().check(sql`therapists_may_open_cases in (0, 1)`),
    )
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createIndex('client_duplicate_lookup')
    .on('client')
    .columns(['organization_id', 'family_name', 'given_name'])
    .execute();
}
