import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { listAuditEvents } from '../../server/audit/audit.repository.ts';
import { findStaffCredentialsByEmail } from '../../server/auth/credential.repository.ts';
import { verifyPassword } from '../../server/auth/password-hashing.ts';
import { openDatabase } from '../../server/db/database.ts';

describe('rapport user set-password', () => {
  it('sets a first admin’s password from standard input, with the same policy as the app', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rapport-cli-')), 'cli.db');
    await runRapport([
      'setup',
      '--organization',
      'Pw Practice',
      '--clinic',
      'Main',
      '--time-zone',
      'Europe/Madrid',
      '--db',
      db,
    ]);
    await runRapport([
      'user',
      'create',
      '--email',
      'first@test.example',
      '--role',
      'admin',
      '--clinic',
      'Main',
      '--db',
      db,
    ]);
    const args = ['user', 'set-password', '--email', 'First@Test.Example', '--db', db];

    for (const [stdin, message] of [
      ['', /standard input/],
      ['short\n', /at least 12 characters/],
      ['password123456\n', /common or breached/],
    ] as const) {
      const refused = await runRapport(args, stdin);
      expect(refused.code, stdin).toBe(2);
      expect(refused.stderr).toMatch(message);
    }
    const unknown = await runRapport(
      ['user', 'set-password', '--email', 'nobody@test.example', '--db', db],
      'a perfectly fine passphrase\n',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no staff account');
    expect(
      (await runRapport(['user', 'set-password', '--email', 'not-an-address'], 'x\n')).code,
    ).toBe(2);

    const done = await runRapport(args, 'a perfectly fine passphrase\nignored second line\n');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Password set for first@test.example');
    expect(done.stdout).not.toContain('passphrase');

    const handle = openDatabase({ dialect: 'sqlite', file: db });
    const staff = (await findStaffCredentialsByEmail(handle.db, 'first@test.example'))!;
    expect(staff.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(staff.passwordHash!, 'a perfectly fine passphrase')).toBe(true);
    const audit = await listAuditEvents(handle.db, staff.organizationId, {
      action: 'auth.password.set',
    });
    expect(audit).toMatchObject([{ actorType: 'cli', entityId: staff.id, details: {} }]);
    await handle.close();
  });
});

describe('rapport user grant', () => {
  it('gives an existing account another role at a clinic, once, audited; unknown people and clinics exit 2', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rapport-cli-')), 'cli.db');
    await runRapport([
      'setup',
      '--organization',
      'Solo',
      '--clinic',
      'Main',
      '--time-zone',
      'UTC',
      '--db',
      db,
    ]);
    const create = ['user', 'create', '--email', 'owner@test.example', '--role', 'admin'];
    expect((await runRapport([...create, '--clinic', 'Main', '--db', db])).code).toBe(0);
    const grant = ['user', 'grant', '--email', 'owner@test.example', '--role', 'therapist'];

    const done = await runRapport([...grant, '--clinic', 'Main', '--db', db]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('owner@test.example is now therapist');
    const again = await runRapport([...grant, '--clinic', 'Main', '--db', db]);
    expect(again.stdout).toContain('nothing changed');

    const noClinic = await runRapport([...grant, '--clinic', 'Elsewhere', '--db', db]);
    expect(noClinic.code).toBe(2);
    expect(noClinic.stderr).toContain('no clinic "Elsewhere"');
    const unknown = await runRapport([
      'user',
      'grant',
      '--email',
      'nobody@test.example',
      '--role',
      'therapist',
      '--clinic',
      'Main',
      '--db',
      db,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no staff account');

    const handle = openDatabase({ dialect: 'sqlite', file: db });
    const owner = (await findStaffCredentialsByEmail(handle.db, 'owner@test.example'))!;
    const roles = await handle.db
      .selectFrom('staff_role')
      .select('role')
      .where('staff_user_id', '=', owner.id)
      .orderBy('role')
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['admin', 'therapist']);
    const audit = await listAuditEvents(handle.db, owner.organizationId, {
      action: 'staff.roles',
    });
    expect(audit).toMatchObject([{ actorType: 'cli', entityId: owner.id }]);
    await handle.close();
  });
});

describe('rapport user reset-2fa', () => {
  it("resets an account's second factor, audited as the command line; no account or no second factor exits 2", async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rapport-cli-')), 'cli.db');
    await runRapport(
      ['setup', '--organization', '2fa Practice', '--clinic', 'Main'].concat([
        '--time-zone',
        'Europe/Madrid',
        '--db',
        db,
      ]),
    );
    const email = 'lost-phone@test.example';
    await runRapport(
      ['user', 'create', '--email', email, '--role', 'therapist', '--clinic', 'Main'].concat([
        '--db',
        db,
      ]),
    );
    const handle = openDatabase({ dialect: 'sqlite', file: db });
    const staff = (await findStaffCredentialsByEmail(handle.db, email))!;
    await handle.db
      .insertInto('staff_totp')
      .values({
        staff_user_id: staff.id,
        organization_id: staff.organizationId,
        secret: 'v1:sealed-elsewhere',
        secret_key_id: 'sealed-elsewhere',
        confirmed_at: '2026-12-01T10:00:00.000Z',
        last_time_step: null,
        created_at: '2026-12-01T10:00:00.000Z',
      })
      .execute();
    const args = ['user', 'reset-2fa', '--email', 'Lost-Phone@Test.Example', '--db', db];

    const done = await runRapport(args);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Second factor reset for lost-phone@test.example');
    expect(
      await handle.db
        .selectFrom('staff_totp')
        .select('secret')
        .where('staff_user_id', '=', staff.id)
        .execute(),
    ).toEqual([]);
    const audit = await listAuditEvents(handle.db, staff.organizationId, {
      action: 'auth.second-factor.reset',
    });
    expect(audit).toMatchObject([{ actorType: 'cli', actorId: null, entityId: staff.id }]);

    const again = await runRapport(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no second factor');
    const unknown = await runRapport(
      ['user', 'reset-2fa', '--email', 'nobody@test.example'].concat(['--db', db]),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no staff account');
    await handle.close();
  });
});
