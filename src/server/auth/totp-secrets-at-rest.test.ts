import { generate } from 'otplib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  TEST_PASSWORD,
  authClient,
  createStaffWithPassword,
} from '../../../test/helpers/auth-client.ts';
import { openEmptyDatabase } from '../../../test/helpers/empty-database.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { type DatabaseHandle, type Dialect, migrateToLatest } from '../db/database.ts';
import { SecretBoxError } from '../secrets/secret-box.ts';
import { defaultAuthSettings } from './auth-settings.ts';
import { newTotpSecret } from './totp-code.ts';
import {
  encryptPlainTotpSecrets,
  rotateTotpSecrets,
  totpSecretBox,
} from './totp-secret-storage.service.ts';

const OLD_SECRET = 'old-instance-secret-0123456789-abcdefghijkl';
const NEW_SECRET = 'new-instance-secret-0123456789-abcdefghijkl';

const storedRow = (handle: DatabaseHandle, staffUserId: string) =>
  handle.db
    .selectFrom('staff_totp')
    .select(['secret', 'secret_key_id'])
    .where('staff_user_id', '=', staffUserId)
    .executeTakeFirstOrThrow();

describe.each(testDialects)('TOTP secrets at rest, on %s', (dialect: Dialect) => {
  const handles: DatabaseHandle[] = [];
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const h of handles) await h.close();
  });
  let now = Date.parse('2026-12-04T09:00:00Z');
  const clock = () => new Date(now);
  const code = (secret: string) => generate({ secret, epoch: Math.floor(now / 1000) });

  async function freshDatabase() {
    const handle = await openEmptyDatabase(dialect);
    handles.push(handle);
    await migrateToLatest(handle.db);
    return handle;
  }

  async function appWith(handle: DatabaseHandle, secret: string) {
    const app = await buildApp({
      db: handle.db,
      dialect,
      clock,
      auth: { ...defaultAuthSettings, loginAttemptsPerAddress: 100 },
      secret,
    });
    apps.push(app);
    return app;
  }

  /** Signs in with password and a TOTP code; the status of the code step. */
  async function signInWithCode(
    app: Awaited<ReturnType<typeof buildApp>>,
    email: string,
    secret: string,
  ) {
    now += 30_000; // a code works once: each attempt uses a new time step
    const client = authClient(app);
    const login = await client.call('POST', '/api/auth/login', { email, password: TEST_PASSWORD });
    expect(login.json().state).toBe('second-factor');
    const answer = await client.call('POST', '/api/auth/second-factor', {
      code: await code(secret),
    });
    return answer;
  }

  async function enrol(app: Awaited<ReturnType<typeof buildApp>>, handle: DatabaseHandle) {
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const client = authClient(app);
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    const { secret } = (await client.call('POST', '/api/auth/totp/enrolment')).json();
    const confirm = await client.call('POST', '/api/auth/totp/enrolment/confirm', {
      code: await code(secret),
    });
    expect(confirm.json().state).toBe('signed-in');
    return { user, secret: secret as string };
  }

  it('stores a sealed secret; a copy of the database without the instance secret signs no one in and reveals no secret', async () => {
    const handle = await freshDatabase();
    const app = await appWith(handle, OLD_SECRET);
    const { user, secret } = await enrol(app, handle);

    const row = await storedRow(handle, user.id);
    expect(row.secret).not.toContain(secret);
    expect(row.secret_key_id).toBe(totpSecretBox(OLD_SECRET).keyId);
    expect(totpSecretBox(OLD_SECRET).open(row.secret)).toBe(secret);
    expect(() => totpSecretBox(NEW_SECRET).open(row.secret)).toThrow(SecretBoxError);

    // The same database served with another secret: the right code gets a clear 503 that
    // blames the configuration, not the person, and no session.
    const elsewhere = await appWith(handle, NEW_SECRET);
    const refused = await signInWithCode(elsewhere, user.email, secret);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().detail).toContain('another instance secret');
    expect(refused.body).not.toContain(secret);
    // The real app still signs them in: the refusal counted nothing against them.
    expect((await signInWithCode(app, user.email, secret)).json().state).toBe('signed-in');
  });

  it('seals a plain secret of before at start-up, once, and signs its owner in afterwards', async () => {
    const handle = await freshDatabase();
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const plain = newTotpSecret();
    // As 2026-12-04-second-factor-at-rest leaves a secret stored before it: plain, no key id.
    await handle.db
      .insertInto('staff_totp')
      .values({
        staff_user_id: user.id,
        organization_id: practice.organization.id,
        secret: plain,
        secret_key_id: null,
        confirmed_at: '2026-12-01T10:00:00.000Z',
        last_time_step: null,
        created_at: '2026-12-01T10:00:00.000Z',
      })
      .execute();
    const box = totpSecretBox(OLD_SECRET);
    expect(await encryptPlainTotpSecrets(handle.db, box)).toEqual({ sealed: 1, foreign: 0 });
    const sealed = await storedRow(handle, user.id);
    expect(sealed.secret).not.toContain(plain);
    expect(sealed.secret_key_id).toBe(box.keyId);
    expect(await encryptPlainTotpSecrets(handle.db, box)).toEqual({ sealed: 0, foreign: 0 });
    expect(await storedRow(handle, user.id)).toEqual(sealed);

    const app = await appWith(handle, OLD_SECRET);
    expect((await signInWithCode(app, user.email, plain)).json().state).toBe('signed-in');
  });

  it('rotates every secret to a new instance secret in one go; afterwards only the new secret works', async () => {
    const handle = await freshDatabase();
    const before = await appWith(handle, OLD_SECRET);
    const first = await enrol(before, handle);
    const second = await enrol(before, handle);
    const oldBox = totpSecretBox(OLD_SECRET);
    const newBox = totpSecretBox(NEW_SECRET);

    expect(await rotateTotpSecrets(handle.db, oldBox, newBox)).toEqual({
      resealed: 2,
      alreadyNew: 0,
    });
    for (const person of [first, second]) {
      const row = await storedRow(handle, person.user.id);
      expect(row.secret_key_id).toBe(newBox.keyId);
      expect(row.secret).not.toContain(person.secret);
      expect(() => oldBox.open(row.secret)).toThrow(SecretBoxError);
    }
    const after = await appWith(handle, NEW_SECRET);
    expect((await signInWithCode(after, first.user.email, first.secret)).json().state).toBe(
      'signed-in',
    );
    expect((await signInWithCode(before, second.user.email, second.secret)).statusCode).toBe(503);

    // Run again (the operator had not yet put the secret in place): nothing to do.
    expect(await rotateTotpSecrets(handle.db, oldBox, newBox)).toEqual({
      resealed: 0,
      alreadyNew: 2,
    });
    await expect(rotateTotpSecrets(handle.db, newBox, newBox)).rejects.toThrow(
      'the new secret is the same',
    );

    // A value neither secret opens stops the rotation before anything changes.
    const third = totpSecretBox('third-instance-secret-0123456789-abcdefghij');
    const snapshot = await storedRow(handle, first.user.id);
    await expect(rotateTotpSecrets(handle.db, third, oldBox)).rejects.toThrow(
      'sealed under neither',
    );
    expect(await storedRow(handle, first.user.id)).toEqual(snapshot);
  });
});
