import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { findStaffCredentialsByEmail } from '../../server/auth/credential.repository.ts';
import { newTotpSecret } from '../../server/auth/totp-code.ts';
import { totpSecretBox } from '../../server/auth/totp-secret-storage.service.ts';
import { openDatabase } from '../../server/db/database.ts';
import { SecretBoxError } from '../../server/secrets/secret-box.ts';

const NEW_SECRET = 'rotated-instance-secret-0123456789-abcdefgh';

describe('rapport migrate and rapport secrets rotate', () => {
  it('seal plain TOTP secrets with the instance secret, then re-seal them under a new one read from standard input', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rapport-cli-')), 'cli.db');
    const setup = ['--organization', 'Key Practice', '--clinic', 'Main'];
    await runRapport(['setup', ...setup, '--time-zone', 'Europe/Madrid', '--db', db]);
    const email = 'keyed@test.example';
    await runRapport(
      ['user', 'create', '--email', email, '--role', 'admin', '--clinic', 'Main'].concat([
        '--db',
        db,
      ]),
    );
    // Without RAPPORT_SECRET, SQLite keeps its instance secret in a file beside the database,
    // made at the first start (or migrate).
    expect((await runRapport(['migrate', '--db', db])).code).toBe(0);
    const keySecret = readFileSync(`${db}.key`, 'utf8').trim();
    const plain = newTotpSecret();
    const handle = openDatabase({ dialect: 'sqlite', file: db });
    const staff = (await findStaffCredentialsByEmail(handle.db, email))!;
    await handle.db
      .insertInto('staff_totp')
      .values({
        staff_user_id: staff.id,
        organization_id: staff.organizationId,
        secret: plain,
        secret_key_id: null,
        confirmed_at: '2026-12-01T10:00:00.000Z',
        last_time_step: null,
        created_at: '2026-12-01T10:00:00.000Z',
      })
      .execute();
    const stored = () =>
      handle.db
        .selectFrom('staff_totp')
        .select(['secret', 'secret_key_id'])
        .where('staff_user_id', '=', staff.id)
        .executeTakeFirstOrThrow();

    const migrated = await runRapport(['migrate', '--db', db]);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('Sealed 1 plain TOTP secret(s).');
    const sealed = await stored();
    expect(sealed.secret_key_id).toBe(totpSecretBox(keySecret).keyId);
    expect(totpSecretBox(keySecret).open(sealed.secret)).toBe(plain);
    expect((await runRapport(['migrate', '--db', db])).stdout).not.toContain('Sealed');

    const rotate = ['secrets', 'rotate', '--db', db];
    for (const [stdin, message] of [
      ['', /standard input/],
      ['too-short-a-secret\n', /at least 32 characters/],
      ['a secret with spaces in it, long enough to pass\n', /must not contain spaces/],
      [`${keySecret}\n`, /the same as the current one/],
    ] as const) {
      const refused = await runRapport(rotate, stdin);
      expect(refused.code, stdin).toBe(2);
      expect(refused.stderr).toMatch(message);
      expect(await stored()).toEqual(sealed);
    }

    const done = await runRapport(rotate, `${NEW_SECRET}\n`);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Re-sealed 1 TOTP secret(s)');
    expect(done.stdout).toContain(`${db}.key`);
    expect(done.stdout).not.toContain(NEW_SECRET);
    const rotated = await stored();
    expect(rotated.secret_key_id).toBe(totpSecretBox(NEW_SECRET).keyId);
    expect(totpSecretBox(NEW_SECRET).open(rotated.secret)).toBe(plain);
    expect(() => totpSecretBox(keySecret).open(rotated.secret)).toThrow(SecretBoxError);
    const audit = await handle.db
      .selectFrom('audit_event')
      .select(['actor_type', 'details'])
      .where('action', '=', 'secrets.rotate')
      .execute();
    expect(audit).toEqual([
      {
        actor_type: 'cli',
        details: JSON.stringify({
          resealed: 1,
          alreadyNew: 0,
          recordingsReencrypted: 0,
          recordingsAlreadyNew: 0,
          recordingsSkipped: 0,
        }),
      },
    ]);

    // Before the new secret is in place, a start warns that it opens nothing; after, all is well.
    const early = await runRapport(['migrate', '--db', db]);
    expect(early.stderr).toContain('sealed under another instance secret');
    writeFileSync(`${db}.key`, `${NEW_SECRET}\n`);
    const settled = await runRapport(['migrate', '--db', db]);
    expect(settled.code).toBe(0);
    expect(settled.stderr).toBe('');
    await handle.close();
  });
});
