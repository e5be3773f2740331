import { Writable } from 'node:stream';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authClient,
  createStaffWithPassword,
  TEST_INSTANCE_SECRET,
  TEST_PASSWORD,
} from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { type AuthSettings, defaultAuthSettings } from './auth-settings.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

const settings: AuthSettings = { ...defaultAuthSettings, loginAttemptsPerAddress: 12 };
const START = Date.parse('2026-11-23T09:00:00Z');

describe.each(testDialects)('staff sign-in over HTTP on %s', (dialect) => {
  let handle: DatabaseHandle;
  const time = useTestClock(START);
  const clock = time.clock;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let passwordOnlyApp: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    const secret = TEST_INSTANCE_SECRET;
    app = await buildApp({ db: handle.db, dialect, clock, auth: settings, secret });
    passwordOnlyApp = await buildApp({
      db: handle.db,
      dialect,
      clock,
      auth: { ...settings, mode: 'password-only' },
      secret,
    });
  });
  afterAll(async () => {
    await app.close();
    await passwordOnlyApp.close();
    await handle.close();
  });

  const totpCode = (secret: string, at = time.now()) =>
    generate({ secret, epoch: Math.floor(at / 1000) });

  /** Signs a new therapist in with both factors; returns the client, the user and the secret. */
  async function enrolledTherapist() {
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const client = authClient(app);
    const login = await client.call('POST', '/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(login.json()).toMatchObject({ state: 'enrol-second-factor', staff: null });
    const enrolment = await client.call('POST', '/api/auth/totp/enrolment');
    expect(enrolment.statusCode).toBe(200);
    const { secret, otpauthUri, qrCodeDataUrl } = enrolment.json();
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirm = await client.call('POST', '/api/auth/totp/enrolment/confirm', {
      code: await totpCode(secret),
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes, state } = confirm.json();
    expect(state).toBe('signed-in');
    expect(recoveryCodes).toHaveLength(10);
    time.advance(30_000); // the next sign-in needs a fresh time step (a code works once)
    return { practice, user, client, secret, recoveryCodes: recoveryCodes as string[] };
  }

  it('enrols TOTP on the first sign-in, then asks for password and code, with a new session id at each step', async () => {
    const { user, client, secret, practice } = await enrolledTherapist();
    const session = await client.call('GET', '/api/auth/session');
    expect(session.json()).toMatchObject({
      authMode: 'two-factor',
      state: 'signed-in',
      staff: {
        id: user.id,
        email: user.email,
        roles: [{ clinicId: practice.clinic.id, role: 'therapist' }],
      },
    });
    const cookieAfterEnrolment = client.state.cookie;

    // Signing in again from the same browser: the old session ends, a new id is issued.
    const login = await client.call('POST', '/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().state).toBe('second-factor');
    const pendingCookie = client.state.cookie;
    expect(pendingCookie).not.toBe(cookieAfterEnrolment);
    const stale = authClient(app);
    stale.state.cookie = cookieAfterEnrolment;
    expect((await stale.call('GET', '/api/auth/session')).json().state).toBe('signed-out');

    // A pending session is not a signed-in one.
    const early = await client.call('POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(early.statusCode).toBe(401);

    const wrong = await client.call('POST', '/api/auth/second-factor', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    const right = await client.call('POST', '/api/auth/second-factor', {
      code: await totpCode(secret),
    });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({
      state: 'signed-in',
      method: 'totp',
      recoveryCodesLeft: 10,
    });
    expect(client.state.cookie).not.toBe(pendingCookie);

    const cookie = right.cookies.find((c) => c.name === '__Host-rapport-session')!;
    expect(cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    expect(cookie.domain).toBeUndefined();
  });

  it('refuses a TOTP code used once already (replay)', async () => {
    const { user, client, secret } = await enrolledTherapist();
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    const code = await totpCode(secret);
    expect((await client.call('POST', '/api/auth/second-factor', { code })).statusCode).toBe(200);
    await client.call('POST', '/api/auth/logout');
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect((await client.call('POST', '/api/auth/second-factor', { code })).statusCode).toBe(401);
  });

  it('accepts each recovery code once', async () => {
    const { user, client, recoveryCodes } = await enrolledTherapist();
    const code = recoveryCodes[3]!;
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    const first = await client.call('POST', '/api/auth/second-factor', {
      code: code.toUpperCase(),
    });
    expect(first.json()).toMatchObject({
      state: 'signed-in',
      method: 'recovery-code',
      recoveryCodesLeft: 9,
    });
    await client.call('POST', '/api/auth/logout');
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect((await client.call('POST', '/api/auth/second-factor', { code })).statusCode).toBe(401);
  });

  it('ends the session at logout: the old cookie is worth nothing afterwards', async () => {
    const { client } = await enrolledTherapist();
    const oldCookie = client.state.cookie;
    const oldCsrf = client.state.csrf;
    const logout = await client.call('POST', '/api/auth/logout');
    expect(logout.statusCode).toBe(204);
    const replay = authClient(app);
    replay.state.cookie = oldCookie;
    replay.state.csrf = oldCsrf;
    const response = await replay.call('POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another long passphrase',
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((await replay.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
  });

  it('refuses state-changing requests without the right CSRF token (403 problem+json)', async () => {
    const { client } = await enrolledTherapist();
    for (const csrf of [null, 'not-the-token', `${client.state.csrf}x`]) {
      const response = await client.call('POST', '/api/auth/logout', undefined, { csrf });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ type: 'urn:rapport:problem:forbidden' });
    }
    // /api/public/ never acts on a staff session, so it needs no token (a client's link
    // opened in a therapist's browser must work).
    const open = await client.call('POST', '/api/public/anything', { a: 1 }, { csrf: null });
    expect(open.statusCode).toBe(404);
    // Nothing happened: the session still stands.
    expect((await client.call('GET', '/api/auth/session')).json().state).toBe('signed-in');
  });

  it('ends a session after the idle timeout and after the absolute one', async () => {
    const { client, user, secret } = await enrolledTherapist();
    time.advance(settings.sessionIdleMs + 1000);
    expect((await client.call('GET', '/api/auth/session')).json().state).toBe('signed-out');

    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    await client.call('POST', '/api/auth/second-factor', { code: await totpCode(secret) });
    for (let t = 0; t < settings.sessionAbsoluteMs; t += settings.sessionIdleMs / 2) {
      time.advance(settings.sessionIdleMs / 2);
      if ((await client.call('GET', '/api/auth/session')).json().state !== 'signed-in') break;
    }
    expect((await client.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
  });

  it('answers a wrong password and an unknown address alike', async () => {
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const client = authClient(app);
    const wrong = await client.call('POST', '/api/auth/login', {
      email: user.email,
      password: 'not the password at all',
    });
    const unknown = await client.call('POST', '/api/auth/login', {
      email: `nobody-${user.id}@test.example`,
      password: 'not the password at all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.cookies).toEqual([]);
  });

  it('slows an account down after 5 failures, whoever tries, and lets it in after the wait', async () => {
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    for (let i = 0; i < 5; i++) {
      const attacker = authClient(app); // a new address each time: the back-off is per account
      const response = await attacker.call('POST', '/api/auth/login', {
        email: user.email,
        password: `guess number ${i}`,
      });
      expect(response.statusCode).toBe(401);
    }
    const owner = authClient(app);
    const blocked = await owner.call('POST', '/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().type).toBe('urn:rapport:problem:rate_limited');
    time.advance(settings.backoffBaseMs + 1000);
    const after = await owner.call('POST', '/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(after.statusCode).toBe(200);

    // An unknown address gets the same treatment, so the back-off tells nothing either.
    const ghost = `ghost-${user.id}@test.example`;
    for (let i = 0; i < 5; i++)
      await authClient(app).call('POST', '/api/auth/login', {
        email: ghost,
        password: `guess ${i} xx`,
      });
    expect(
      (await authClient(app).call('POST', '/api/auth/login', { email: ghost, password: 'x' }))
        .statusCode,
    ).toBe(429);

    const events = await listAuditEvents(handle.db, practice.organization.id, {
      action: 'auth.login',
    });
    expect(events.map((e) => e.outcome)).toEqual([
      'success',
      'denied',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    expect(JSON.stringify(events)).not.toContain(TEST_PASSWORD);
    expect(JSON.stringify(events)).not.toContain('guess number');
  });

  it('counts only failed sign-ins against an address: a busy office behind one address is never locked out', async () => {
    const office = authClient(app);
    const staff = await createStaffWithPassword(handle.db, await createTestPractice(handle.db));
    for (let i = 0; i < settings.loginAttemptsPerAddress + 10; i++) {
      const colleague = authClient(app, office.address);
      const response = await colleague.call('POST', '/api/auth/login', {
        email: staff.email,
        password: TEST_PASSWORD,
      });
      expect(response.statusCode, `sign-in ${i + 1}`).toBe(200);
    }
  });

  it('limits failed sign-ins per address, stored in the database', async () => {
    const client = authClient(app);
    const statuses: number[] = [];
    for (let i = 0; i <= settings.loginAttemptsPerAddress; i++) {
      const response = await client.call('POST', '/api/auth/login', {
        email: `spray-${i}-${client.address}@test.example`,
        password: 'Winter2026!!',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected; the same address is let in again after the window.
    const other = authClient(app);
    expect(
      (await other.call('POST', '/api/auth/login', { email: 'x@test.example', password: 'y' }))
        .statusCode,
    ).toBe(401);
    time.advance(settings.rateLimitWindowMs + 1000);
    expect(
      (await client.call('POST', '/api/auth/login', { email: 'x@test.example', password: 'y' }))
        .statusCode,
    ).toBe(401);
  });

  it('changes a password only to one that meets the policy, ending the other sessions', async () => {
    const { user, client, secret } = await enrolledTherapist();
    const elsewhere = authClient(app);
    await elsewhere.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    for (const weak of ['short1!', 'password12345', 'qwertyuiop123', 'abcabcabcabc', user.email]) {
      const response = await client.call('POST', '/api/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: weak,
      });
      expect(response.statusCode, weak).toBe(400);
      expect(response.json().errors[0].path).toBe('newPassword');
    }
    const ok = await client.call('POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a tune the sea hums at dusk',
    });
    expect(ok.statusCode).toBe(204);
    expect((await client.call('GET', '/api/auth/session')).json().state).toBe('signed-in');
    expect((await elsewhere.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
    await client.call('POST', '/api/auth/logout');
    await client.call('POST', '/api/auth/login', {
      email: user.email,
      password: 'a tune the sea hums at dusk',
    });
    time.advance(30_000);
    expect(
      (await client.call('POST', '/api/auth/second-factor', { code: await totpCode(secret) }))
        .statusCode,
    ).toBe(200);
  });

  it('signs in with the password alone in password-only mode, and says so', async () => {
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const client = authClient(passwordOnlyApp);
    expect((await client.call('GET', '/api/auth/session')).json()).toMatchObject({
      authMode: 'password-only',
      state: 'signed-out',
    });
    const login = await client.call('POST', '/api/auth/login', {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(login.json()).toMatchObject({ authMode: 'password-only', state: 'signed-in' });
    expect((await client.call('GET', '/api/auth/session')).json().staff.id).toBe(user.id);
  });

  it('writes sign-in, second factor, enrolment and logout to the audit trail, without secrets', async () => {
    const { practice, client, recoveryCodes, secret } = await enrolledTherapist();
    await client.call('POST', '/api/auth/logout');
    const events = await listAuditEvents(handle.db, practice.organization.id);
    expect(events.map((e) => `${e.action}:${e.outcome}`).reverse()).toEqual([
      'auth.login:success',
      'auth.totp.enrol:success',
      'auth.logout:success',
    ]);
    const text = JSON.stringify(events);
    for (const secretText of [TEST_PASSWORD, secret, ...recoveryCodes, client.state.csrf!])
      expect(text).not.toContain(secretText);
    expect(events[0]!.ip).toBe(client.address);
  });
});

describe('sign-in logs', () => {
  it('never hold passwords, codes, tokens, cookies or e-mail addresses', async () => {
    const handle = await openTestDatabase('sqlite');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock: () => new Date(),
      logLevel: 'trace',
      logStream: sink,
      secret: TEST_INSTANCE_SECRET,
    });
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const client = authClient(app);
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    const enrolment = (await client.call('POST', '/api/auth/totp/enrolment')).json();
    await client.call('POST', '/api/auth/totp/enrolment/confirm', { code: '123456' });
    await client.call('POST', '/api/auth/password-reset', { email: user.email });
    await client.call('POST', '/api/auth/password-reset/confirm', {
      token: 'a-token-from-some-link-0123456789',
      password: 'lanterns over the harbour',
    });
    await app.close();
    await handle.close();
    const log = lines.join('');
    expect(log).toContain('/api/auth/login');
    for (const secret of [
      TEST_PASSWORD,
      user.email,
      client.state.cookie!,
      client.state.csrf!,
      enrolment.secret,
      'a-token-from-some-link',
      'lanterns over the harbour',
    ])
      expect(log).not.toContain(secret);
  });
});
