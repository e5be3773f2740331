import type { Kysely } from 'kysely';

// Frozen in time: this migration must never change once released; later changes are new
// migrations. It sees the database as Kysely<any> so later type changes cannot break it.

/**
 * The in-session ("show the client") mode of a sign-in session (issue 19, item 6). While
 * `in_session_client_id` is set, the session answers only that client's own trajectories
 * (`GET /api/in-session`); every other staff route refuses it, and only a new sign-in
 * (password and second factor) replaces it. Kept on the server, so reloading the page or
 * typing another address in the browser does not leave the mode.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('auth_session').addColumn('in_session_case_id', 'text').execute();
  await db.schema.alterTable('auth_session').addColumn('in_session_client_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('auth_session').dropColumn('in_session_client_id').execute();
  await db.schema.alterTable('auth_session').dropColumn('in_session_case_id').execute();
}
