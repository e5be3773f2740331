import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * API tokens for the FHIR read API (issue 19, item 7): an admin issues one for another
 * system (an EHR, a research warehouse) to read the clinical records of the clinics the
 * admin runs. Only the token's SHA-256 is kept (the token is shown once); a token expires
 * and can be revoked; it reads, never writes. `api_token_clinic` holds its scope: the
 * admin's clinics when it was issued (and the admin must still run a clinic for the token
 * to reach it, which the access SQL checks).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('staff_user.id'))
    .addColumn('last_used_at', 'text')
    .addCheckConstraint('api_token_label_length', sql`length(label) between 1 and 100`)
    .execute();
  await db.schema
    .createIndex('api_token_organization')
    .on('api_token')
    .columns(['organization_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('api_token_clinic')
    .addColumn('token_id', 'text', (c) => c.notNull().references('api_token.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinic.id'))
    .addPrimaryKeyConstraint('api_token_clinic_pk', ['token_id', 'clinic_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_token_clinic').execute();
  await db.schema.dropTable('api_token').execute();
}
