import type { Kysely } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * TOTP secrets sealed at rest, and when a session last proved its second factor.
 *
 * `staff_totp.secret_key_id` names the key a secret is sealed under (secrets/secret-box.ts);
 * null means the secret is still the plain base32 of before. This migration cannot seal
 * them: migrations do not see the instance secret. `encryptPlainTotpSecrets`
 * (auth/totp-secret-storage.service.ts) does, at every server start and `rapport migrate`.
 *
 * `auth_session.second_factor_at` is when the session's person last gave a TOTP or recovery
 * code (signing in, enrolling, or re-authenticating); null for sessions that never did.
 * Sensitive admin actions (resetting a colleague's second factor) require it to be recent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_totp').addColumn('secret_key_id', 'text').execute();
  await db.schema.alterTable('auth_session').addColumn('second_factor_at', 'text').execute();
}

/**
 * The columns go; secrets sealed meanwhile stay sealed (a migration cannot open them), so a
 * version from before this one cannot use them: going back means restoring a backup.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('auth_session').dropColumn('second_factor_at').execute();
  await db.schema.alterTable('staff_totp').dropColumn('secret_key_id').execute();
}
