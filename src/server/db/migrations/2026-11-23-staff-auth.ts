import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * Staff sign-in: sessions, TOTP second factors, recovery codes, password resets and the
 * counters behind login back-off and rate limits. Secrets handed to a person (session
 * tokens, recovery codes, reset tokens) are stored only as SHA-256 hashes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    // 'second-factor' and 'enrolment' sessions may only finish signing in; 'full' may work.
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('second-factor', 'enrolment', 'full')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('auth_session_staff')
    .on('auth_session')
    .column('staff_user_id')
    .execute();

  await db.schema
    .createTable('staff_totp')
    .addColumn('staff_user_id', 'text', (c) => c.primaryKey().references('staff_user.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    // Null while enrolment waits for the first code from the person's authenticator app.
    .addColumn('confirmed_at', 'text')
    // The last accepted time step: a code is never accepted twice (RFC 6238 §5.2).
    .addColumn('last_time_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_recovery_code')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('staff_recovery_code_staff')
    .on('staff_recovery_code')
    .columns(['staff_user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('password_reset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_user.id'))
    // Set by the mail job when it makes the link, so the token never sits in the job table.
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // Counters shared by every app instance: per-address rate limits and per-account back-off.
  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
