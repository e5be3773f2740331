import { randomUUID } from 'node:crypto';
import type { AuthSessionLevel } from '../db/database-schema.ts';
import { type StaffRole, findStaffUser, listStaffRoles } from '../staff/staff.repository.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { AuthDeps, RequestOrigin } from './auth-deps.ts';
import {
  type AuthSession,
  deleteAuthSession,
  deleteStaleAuthSessionsOfStaff,
  findAuthSessionByTokenHash,
  insertAuthSession,
  touchAuthSession,
} from './auth-session.repository.ts';
import { hashSecretToken, newSecretToken } from './secret-token.ts';

// Writing last_seen_at on every request would make every read a write; a minute's
// precision is plenty for a 30-minute idle timeout.
const TOUCH_AFTER_MS = 60_000;

export interface StartedSession {
  session: AuthSession;
  /** For the cookie only: the database keeps its hash. */
  token: string;
}

/**
 * Starts a new session with a new random token, ending the one the request came with:
 * every step of signing in gets a new id, so a planted cookie is worth nothing (fixation).
 */
export async function startSession(
  deps: AuthDeps,
  staff: { id: string; organizationId: string },
  level: AuthSessionLevel,
  replacing: string | null,
  options: { secondFactorAt?: string } = {},
): Promise<StartedSession> {
  const now = deps.clock();
  if (replacing) await deleteAuthSession(deps.db, replacing);
  await deleteStaleAuthSessionsOfStaff(
    deps.db,
    staff.organizationId,
    staff.id,
    now.toISOString(),
    new Date(now.getTime() - deps.settings.sessionIdleMs).toISOString(),
  );
  const token = newSecretToken();
  const lifetime =
    level === 'full' ? deps.settings.sessionAbsoluteMs : deps.settings.pendingSessionMs;
  const session: AuthSession = {
    id: randomUUID(),
    organizationId: staff.organizationId,
    staffUserId: staff.id,
    level,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifetime).toISOString(),
    secondFactorAt: options.secondFactorAt ?? null,
    inSession: null,
  };
  await insertAuthSession(deps.db, { ...session, tokenHash: hashSecretToken(token) });
  return { session, token };
}

export interface ResolvedSession {
  session: AuthSession;
  /** Roles per clinic, for full sessions only (others may only finish signing in). */
  roles: StaffRole[];
}

/** The live session of a cookie's token, or undefined; an expired one is deleted. */
export async function resolveSession(
  deps: AuthDeps,
  token: string,
): Promise<ResolvedSession | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const session = await findAuthSessionByTokenHash(deps.db, hashSecretToken(token));
  if (!session) return undefined;
  const now = deps.clock();
  const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
  if (session.expiresAt <= now.toISOString() || idleSince > deps.settings.sessionIdleMs) {
    await deleteAuthSession(deps.db, session.id);
    return undefined;
  }
  if (idleSince > TOUCH_AFTER_MS) await touchAuthSession(deps.db, session.id, now.toISOString());
  const roles =
    session.level === 'full'
      ? await listStaffRoles(deps.db, session.organizationId, session.staffUserId)
      : [];
  return { session, roles };
}

/** Signing out: the session row goes, so the old cookie is worth nothing anywhere. */
export async function endSession(
  deps: AuthDeps,
  session: { id: string; organizationId: string; staffUserId: string },
  origin: RequestOrigin,
): Promise<void> {
  await deleteAuthSession(deps.db, session.id);
  const actor = { organizationId: session.organizationId, userId: session.staffUserId };
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'auth.logout',
    entityType: 'staff_user',
    entityId: session.staffUserId,
    details: { authSessionId: session.id },
  });
}

export interface SessionSummary {
  staff: { id: string; email: string; displayName: string; roles: StaffRole[] };
  expiresAt: string;
}

/** Who the session belongs to, for the web app's header. */
export async function describeSession(
  deps: AuthDeps,
  resolved: ResolvedSession,
): Promise<SessionSummary | undefined> {
  const { session, roles } = resolved;
  const user = await findStaffUser(deps.db, session.organizationId, session.staffUserId);
  return (
    user && {
      staff: { id: user.id, email: user.email, displayName: user.displayName, roles },
      expiresAt: session.expiresAt,
    }
  );
}
