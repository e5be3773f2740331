import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { updatePasswordHash } from '../../src/server/auth/credential.repository.ts';
import { hashPassword } from '../../src/server/auth/password-hashing.ts';
import type { Executor } from '../../src/server/db/database.ts';
import { SESSION_COOKIE } from '../../src/server/http/authenticate.ts';
import { type TestPractice, createTestStaff } from './factories.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The instance secret test apps run with (TOTP secrets are sealed with a key from it). */
export const TEST_INSTANCE_SECRET = 'test-instance-secret-0123456789-abcdefghij';

/** A staff member who can sign in with TEST_PASSWORD. */
export async function createStaffWithPassword(
  db: Executor,
  practice: TestPractice,
  role: Parameters<typeof createTestStaff>[2] = 'therapist',
) {
  const user = await createTestStaff(db, practice, role);
  await updatePasswordHash(
    db,
    practice.organization.id,
    user.id,
    await hashPassword(TEST_PASSWORD),
  );
  return user;
}

/** A random address per test, so per-address limits never leak between tests. */
export const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/**
 * A browser in miniature for `app.inject()`: keeps the session cookie as a browser would,
 * and sends the CSRF token it was last given (unless told not to).
 */
export function authClient(app: FastifyInstance, address = randomAddress()) {
  const state = { cookie: undefined as string | undefined, csrf: undefined as string | undefined };
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: object,
    options: {
      csrf?: string | null;
      /** A body of bytes (a file upload) instead of JSON, with its content type. */
      raw?: { body: Buffer; contentType: string };
      headers?: Record<string, string>;
    } = {},
  ) => {
    const csrf = options.csrf === undefined ? state.csrf : options.csrf;
    const response = await app.inject({
      method,
      url,
      remoteAddress: address,
      ...(options.raw ? { payload: options.raw.body } : body && { payload: body }),
      headers: {
        ...options.headers,
        ...(options.raw && { 'content-type': options.raw.contentType }),
        ...(state.cookie && { cookie: `${SESSION_COOKIE}=${state.cookie}` }),
        ...(csrf && { 'x-csrf-token': csrf }),
      },
    });
    const set = response.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) state.cookie = set.value === '' ? undefined : set.value;
    if (String(response.headers['content-type'] ?? '').startsWith('application/json')) {
      const json = response.json() as { csrfToken?: string | null };
      if (json.csrfToken) state.csrf = json.csrfToken;
    }
    return response;
  };
  return { call, state, address };
}

export type StaffClient = ReturnType<typeof authClient>;

/**
 * The one way tests sign a staff member in through the API: a client that has logged in with
 * TEST_PASSWORD and reached `signed-in` (the app must run in password-only mode). Throws
 * otherwise, so a test that expects the sign-in to fail can say `rejects.toThrow()`.
 */
export async function signedIn(app: FastifyInstance, email: string): Promise<StaffClient> {
  const client = authClient(app);
  const login = await client.call('POST', '/api/auth/login', { email, password: TEST_PASSWORD });
  if (login.statusCode !== 200 || login.json().state !== 'signed-in')
    throw new Error(`sign-in did not finish: ${login.statusCode} ${login.body}`);
  return client;
}
