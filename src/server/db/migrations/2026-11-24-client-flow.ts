import type { Kysely } from 'kysely';

// Frozen in time. The client's side of a questionnaire link: the short-lived visit a link is
// swapped for (so the link's token leaves the address bar), each clinic's data notice, and
// which clients have seen it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('questionnaire_visit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the visit cookie's random token; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('questionnaire_request.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('questionnaire_visit_request')
    .on('questionnaire_visit')
    .column('request_id')
    .execute();

  await db.schema
    .createTable('clinic_data_notice')
    .addColumn('clinic_id', 'text', (c) => c.primaryKey().references('clinic.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('staff_user.id'))
    .execute();

  await db.schema
    .createTable('client_notice_acknowledgement')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('client.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    // A notice changed after this is shown again.
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_notice_acknowledgement_pk', ['client_id', 'clinic_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('client_notice_acknowledgement').execute();
  await db.schema.dropTable('clinic_data_notice').execute();
  await db.schema.dropTable('questionnaire_visit').execute();
}
