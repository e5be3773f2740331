import { Migrator, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { openEmptyDatabase } from '../../../test/helpers/empty-database.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { newTotpSecret } from '../auth/totp-code.ts';
import { encryptPlainTotpSecrets, totpSecretBox } from '../auth/totp-secret-storage.service.ts';
import { type DatabaseHandle, migrateToLatest } from './database.ts';
import { migrations } from './migrations.ts';

const BEFORE = '2026-12-04-research-studies';
const SECRET = 'migration-instance-secret-0123456789-abcdef';
const OTHER = 'another-instance-secret-0123456789-abcdefgh';

/** The database as the older schema saw it (as migrations do: `Kysely<any>`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of another time
const old = (handle: DatabaseHandle): Kysely<any> => handle.db;

const storedRow = (handle: DatabaseHandle, staffUserId: string) =>
  handle.db
    .selectFrom('staff_totp')
    .select(['secret', 'secret_key_id'])
    .where('staff_user_id', '=', staffUserId)
    .executeTakeFirstOrThrow();

describe.each(testDialects)('migration 2026-12-04-second-factor-at-rest, on %s', (dialect) => {
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it('keeps the plain secrets of before it, which the start-up step then seals once', async () => {
    const handle = await openEmptyDatabase(dialect);
    handles.push(handle);
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => migrations },
    });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const practice = await createTestPractice(handle.db);
    const user = await createStaffWithPassword(handle.db, practice);
    const plain = newTotpSecret();
    await old(handle)
      .insertInto('staff_totp')
      .values({
        staff_user_id: user.id,
        organization_id: practice.organization.id,
        secret: plain,
        confirmed_at: '2026-12-01T10:00:00.000Z',
        last_time_step: null,
        created_at: '2026-12-01T10:00:00.000Z',
      })
      .execute();
    expect(await migrateToLatest(handle.db)).toContain('2026-12-04-second-factor-at-rest');
    expect(await storedRow(handle, user.id)).toEqual({ secret: plain, secret_key_id: null });

    const box = totpSecretBox(SECRET);
    expect(await encryptPlainTotpSecrets(handle.db, box)).toEqual({ sealed: 1, foreign: 0 });
    const sealed = await storedRow(handle, user.id);
    expect(sealed.secret).not.toContain(plain);
    expect(sealed.secret_key_id).toBe(box.keyId);
    expect(box.open(sealed.secret)).toBe(plain);
    // Idempotent: a second start changes nothing.
    expect(await encryptPlainTotpSecrets(handle.db, box)).toEqual({ sealed: 0, foreign: 0 });
    expect(await storedRow(handle, user.id)).toEqual(sealed);
    // A start with another secret leaves the value alone and counts it for a warning.
    expect(await encryptPlainTotpSecrets(handle.db, totpSecretBox(OTHER))).toEqual({
      sealed: 0,
      foreign: 1,
    });
    expect(await storedRow(handle, user.id)).toEqual(sealed);

    // Down again: the columns go; the value stays sealed (the migration cannot open it).
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(
      await old(handle)
        .selectFrom('staff_totp')
        .select('secret')
        .where('staff_user_id', '=', user.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ secret: sealed.secret });
  });
});
