import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.ts';
import type { AuthDeps, RequestOrigin } from '../auth/auth-deps.ts';
import type { InSessionMode } from '../auth/auth-session.repository.ts';
import { type ResolvedSession, resolveSession } from '../auth/auth-session.service.ts';
import { constantTimeEqual, csrfTokenFor } from '../auth/secret-token.ts';
import type { StaffActor } from '../auth/staff-actor.ts';

/**
 * `__Host-`: the browser accepts it only with Secure, Path=/ and no Domain, so no
 * sub-domain or plain-http page can set or overwrite it. Browsers treat http://localhost
 * and 127.0.0.1 as secure, so the demo works without TLS; anything else needs HTTPS.
 */
export const SESSION_COOKIE = '__Host-rapport-session';
export const CSRF_HEADER = 'x-csrf-token';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestAuthentication extends ResolvedSession {
  /** The cookie's token, for deriving the CSRF token; never logged or stored. */
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session of the request's cookie, if it is live; set for /api/ outside /api/public/, and /fhir/. */
    authentication: RequestAuthentication | null;
  }
}

/**
 * Resolves the session cookie of every API request and holds state-changing requests
 * made with it to the session's CSRF token (header `x-csrf-token`): a page on another
 * site can make the browser send our cookie, but cannot read the token.
 */
export async function installAuthentication(app: FastifyInstance, deps: AuthDeps) {
  await app.register(fastifyCookie);
  app.decorateRequest('authentication', null);
  app.addHook('onRequest', async (request) => {
    // /api/public/ routes (sign-in page data, client questionnaires) never act on a staff
    // session, so a staff cookie there is ignored: no lookup, and no CSRF token needed
    // when a therapist opens a client's link in their own browser.
    // The FHIR read API (/fhir/R4) takes a staff session too; it only reads, so its
    // requests never need the CSRF token.
    const staffUrl = request.url.startsWith('/api/') || request.url.startsWith('/fhir/');
    if (!staffUrl || request.url.startsWith('/api/public/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await resolveSession(deps, token);
    if (!resolved) return;
    request.authentication = { ...resolved, token };
    if (STATE_CHANGING.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !constantTimeEqual(header, csrfTokenFor(token)))
        throw new AppError('forbidden', 'The CSRF token is missing or wrong: reload the page.');
    }
  });
}

/**
 * The signed-in staff member making the request, for any route that needs one:
 * `const actor = requireStaff(request)`. Throws 401 when there is no fully signed-in
 * session (no cookie, expired, signed out, or a second factor still to come).
 */
export function requireStaff(request: FastifyRequest): StaffActor {
  const auth = request.authentication;
  if (!auth || auth.session.level !== 'full')
    throw new AppError('unauthorized', 'Sign in to continue.');
  // A session showing a client their own charts (in-session mode) is good for that view
  // only: every staff route refuses it until someone signs in again (docs/case-view.md).
  if (auth.session.inSession) throw inSessionRefusal();
  return actorOf(auth);
}

/** The refusal every staff route gives a session in in-session mode. */
export const inSessionRefusal = () =>
  new AppError(
    'forbidden',
    'This device is showing a client their own charts: sign in again to leave that view.',
    [],
    { reauthenticate: 'sign-in' },
  );

/**
 * The signed-in staff member of a session in in-session mode, with the one client member
 * it shows; 404 for any other session (there is no client view open in it).
 */
export function requireInSessionStaff(request: FastifyRequest): {
  actor: StaffActor;
  mode: InSessionMode;
} {
  const auth = request.authentication;
  if (!auth || auth.session.level !== 'full')
    throw new AppError('unauthorized', 'Sign in to continue.');
  if (!auth.session.inSession)
    throw new AppError('not_found', 'No client view is open in this session.');
  return { actor: actorOf(auth), mode: auth.session.inSession };
}

function actorOf(auth: RequestAuthentication): StaffActor {
  return {
    userId: auth.session.staffUserId,
    organizationId: auth.session.organizationId,
    roles: auth.roles.map((r) => ({ clinicId: r.clinicId, role: r.role })),
    authSessionId: auth.session.id,
  };
}

/** Where the request came from, for `recordAudit`. */
export const requestOrigin = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip,
  requestId: String(request.id),
});

export function setSessionCookie(reply: FastifyReply, token: string): void {
  // No Max-Age: the cookie goes when the browser closes; the server's timeouts do the rest.
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'strict',
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'strict',
  });
}
