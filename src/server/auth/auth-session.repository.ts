import type { Executor } from '../db/database.ts';
import type { AuthSessionLevel } from '../db/database-schema.ts';

export interface AuthSession {
  id: string;
  organizationId: string;
  staffUserId: string;
  level: AuthSessionLevel;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** When this session last proved the second factor; null if it never did. */
  secondFactorAt: string | null;
  /**
   * The in-session ("show the client") mode: the one client member whose trajectories the
   * session may show, and nothing else until someone signs in again; null otherwise.
   */
  inSession: InSessionMode | null;
}

export interface InSessionMode {
  caseId: string;
  clientId: string;
}

export interface NewAuthSession extends AuthSession {
  tokenHash: string;
}

export async function insertAuthSession(db: Executor, session: NewAuthSession): Promise<void> {
  await db
    .insertInto('auth_session')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      organization_id: session.organizationId,
      staff_user_id: session.staffUserId,
      level: session.level,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
      second_factor_at: session.secondFactorAt,
    })
    .execute();
}

/**
 * The session a cookie's token belongs to, if its person is still active. Looked up by the
 * token's hash before any organization is known (the cookie is what tells us).
 */
export async function findAuthSessionByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<AuthSession | undefined> {
  const row = await db
    .selectFrom('auth_session')
    .innerJoin('staff_user', (join) =>
      join
        .onRef('staff_user.id', '=', 'auth_session.staff_user_id')
        .onRef('staff_user.organization_id', '=', 'auth_session.organization_id'),
    )
    .select([
      'auth_session.id',
      'auth_session.organization_id',
      'auth_session.staff_user_id',
      'auth_session.level',
      'auth_session.created_at',
      'auth_session.last_seen_at',
      'auth_session.expires_at',
      'auth_session.second_factor_at',
      'auth_session.in_session_case_id',
      'auth_session.in_session_client_id',
    ])
    .where('auth_session.token_hash', '=', tokenHash)
    .where('staff_user.status', '=', 'active')
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      staffUserId: row.staff_user_id,
      level: row.level,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      secondFactorAt: row.second_factor_at,
      inSession:
        row.in_session_case_id && row.in_session_client_id
          ? { caseId: row.in_session_case_id, clientId: row.in_session_client_id }
          : null,
    }
  );
}

/**
 * Puts a full session into in-session mode for one client member. There is no way back on
 * this row: a new sign-in replaces the session (auth-session.service.ts's startSession).
 */
export async function markInSessionMode(
  db: Executor,
  organizationId: string,
  id: string,
  mode: InSessionMode,
): Promise<void> {
  await db
    .updateTable('auth_session')
    .set({ in_session_case_id: mode.caseId, in_session_client_id: mode.clientId })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('level', '=', 'full')
    .execute();
}

/** A full session proved the second factor again (re-authentication before a sensitive step). */
export async function markSecondFactorProved(
  db: Executor,
  organizationId: string,
  id: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('auth_session')
    .set({ second_factor_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export async function touchAuthSession(db: Executor, id: string, now: string): Promise<void> {
  await db.updateTable('auth_session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteAuthSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('auth_session').where('id', '=', id).execute();
}

/** Signs a person out everywhere (after a password change or reset). */
export async function deleteAuthSessionsOfStaff(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<void> {
  await db
    .deleteFrom('auth_session')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .execute();
}

/** After a password change: every other session of the person ends. */
export async function deleteAuthSessionsOfStaffExcept(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  keepSessionId: string,
): Promise<void> {
  await db
    .deleteFrom('auth_session')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where('id', '!=', keepSessionId)
    .execute();
}

/** Housekeeping at each sign-in: a person's sessions that can no longer be used. */
export async function deleteStaleAuthSessionsOfStaff(
  db: Executor,
  organizationId: string,
  staffUserId: string,
  now: string,
  idleBefore: string,
): Promise<void> {
  await db
    .deleteFrom('auth_session')
    .where('organization_id', '=', organizationId)
    .where('staff_user_id', '=', staffUserId)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

/** When a live session of the organization last proved the second factor (null: never). */
export async function findSecondFactorAt(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('auth_session')
    .select('second_factor_at')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.second_factor_at ?? null;
}
