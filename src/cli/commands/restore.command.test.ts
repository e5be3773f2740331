import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestTables, migrateUpTo, rewindTo } from '../../../test/helpers/backup-load.ts';
import { createTestPractice, createTestStaff } from '../../../test/helpers/factories.ts';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { createScratchPostgresDatabase } from '../../../test/helpers/scratch-postgres.ts';
import { spawnRapport } from '../../../test/helpers/spawn-rapport.ts';
import { postgresUrl } from '../../../test/helpers/test-databases.ts';
import { LATEST_SCHEMA } from '../../server/backup/backup.service.ts';
import { migrateToLatest, openDatabase } from '../../server/db/database.ts';
import { insertOrganization } from '../../server/organizations/organization.repository.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-restore-'));
const PASSPHRASE = 'a long and private passphrase';

async function digestsOf(file: string) {
  const database = openDatabase({ dialect: 'sqlite', file });
  try {
    return await digestTables(database.db);
  } finally {
    await database.close();
  }
}

/** A database holding one practice with a therapist. */
async function practiceDatabase(file: string): Promise<void> {
  const database = openDatabase({ dialect: 'sqlite', file });
  await migrateToLatest(database.db);
  const practice = await createTestPractice(database.db);
  await createTestStaff(database.db, practice);
  await database.close();
}

/** The same backup file with its header changed by `edit` (the payload's hash still holds). */
function withHeader(file: string, edit: (header: Record<string, unknown>) => void): Buffer {
  const bytes = readFileSync(file);
  const start = bytes.indexOf('\n') + 1;
  const end = bytes.indexOf('\n', start);
  const header = JSON.parse(bytes.subarray(start, end).toString('utf8')) as Record<string, unknown>;
  edit(header);
  return Buffer.concat([
    bytes.subarray(0, start),
    Buffer.from(JSON.stringify(header)),
    bytes.subarray(end),
  ]);
}

const source = join(dir, 'source.db');
const target = join(dir, 'target.db');
const plain = join(dir, 'plain.backup');
const encrypted = join(dir, 'encrypted.backup');

beforeAll(async () => {
  await practiceDatabase(source);
  await practiceDatabase(target);
  expect((await runRapport(['backup', '--out', plain, '--db', source])).code).toBe(0);
  const made = await runRapport(
    ['backup', '--out', encrypted, '--encrypt', '--db', source],
    `${PASSPHRASE}\n`,
  );
  expect(made.code).toBe(0);
}, 60_000);

describe('rapport restore', () => {
  it('refuses a damaged, truncated, foreign or newer backup and a wrong passphrase in one line, exit 2, changing nothing', async () => {
    const bytes = readFileSync(plain);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)]! ^= 0x01;
    const bad: [string, Buffer, string, string][] = [
      ['damaged', flipped, '', 'its SHA-256 does not match its content'],
      [
        'truncated',
        bytes.subarray(0, bytes.length - 4096),
        '',
        `expected ${bytes.length - bytes.indexOf('\n', 17) - 1} bytes of data, found ${bytes.length - bytes.indexOf('\n', 17) - 1 - 4096}`,
      ],
      ['not-a-backup', Buffer.from('SQLite format 3\0 and so on'), '', 'is not a Rapport backup'],
      [
        'header',
        Buffer.from(bytes.toString('latin1').replace('"format":1', '"format":1,'), 'latin1'),
        '',
        'its header is not readable',
      ],
      [
        'wrong-passphrase',
        readFileSync(encrypted),
        'not the passphrase at all\n',
        'wrong passphrase',
      ],
      [
        'newer',
        withHeader(plain, (h) => (h.schemaVersion = '2099-01-01-future')),
        '',
        "the backup's schema (2099-01-01-future) is newer than this version of Rapport knows",
      ],
    ];
    const before = await digestsOf(target);
    for (const [name, content, stdin, message] of bad) {
      const file = join(dir, `${name}.backup`);
      writeFileSync(file, content);
      for (const args of [
        ['restore', '--from', file, '--db', target, '--force'],
        ['backup', '--verify', file],
      ]) {
        const refused = await runRapport(args, stdin);
        expect(refused.code, `${name}: ${args[0]}`).toBe(2);
        expect(refused.stderr.split('\n'), name).toHaveLength(2); // one line and its newline
        expect(refused.stderr, name).toContain(message);
      }
      // Into a database that does not exist yet: it still does not.
      const absent = join(dir, `absent-${name}.db`);
      expect((await runRapport(['restore', '--from', file, '--db', absent], stdin)).code).toBe(2);
      expect(existsSync(absent)).toBe(false);
    }
    expect(await digestsOf(target)).toEqual(before);
  }, 120_000);

  it('will not write over a database that holds data without --force', async () => {
    const before = await digestsOf(target);
    const refused = await runRapport(['restore', '--from', plain, '--db', target]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `rapport: ${target} already holds data: restoring would replace it (add --force to replace it); nothing was changed\n`,
    );
    expect(await digestsOf(target)).toEqual(before);

    const forced = await runRapport(['restore', '--from', plain, '--db', target, '--force']);
    expect(forced, forced.stderr).toMatchObject({ code: 0, stderr: '' });
    // The source as `plain` copied it: without the audit rows of the backups taken since.
    const original = openDatabase({ dialect: 'sqlite', file: source });
    await rewindTo(original.db, 0);
    await original.close();
    expect(await digestsOf(target)).toEqual(await digestsOf(source));
  });

  it('brings an older backup forward to the current schema', async () => {
    const older = join(dir, 'older.db');
    const database = openDatabase({ dialect: 'sqlite', file: older });
    await migrateUpTo(database.db, '2026-11-24-alerts');
    await insertOrganization(database.db, {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Older Practice',
      slug: 'older-practice',
      createdAt: '2026-11-25T09:00:00.000Z',
    });
    await database.close();
    const file = join(dir, 'older.backup');
    const made = await runRapport(['backup', '--out', file, '--db', older]);
    expect(made.stdout).toContain('schema 2026-11-24-alerts');

    const restored = join(dir, 'restored-older.db');
    const result = await runRapport(['restore', '--from', file, '--db', restored]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('migration(s) applied');
    const verified = await runRapport(['backup', '--verify', file]);
    expect(verified.stdout).toContain('schema 2026-11-24-alerts');
    const check = openDatabase({ dialect: 'sqlite', file: restored });
    const names = await check.db.selectFrom('organization').select('name').execute();
    await check.close();
    expect(names).toEqual([{ name: 'Older Practice' }]);
    const again = await runRapport([
      'backup',
      '--out',
      join(dir, 'again.backup'),
      '--db',
      restored,
    ]);
    expect(again.stdout).toContain(`schema ${LATEST_SCHEMA}`);
  });
});

describe.skipIf(!postgresUrl())('rapport restore on PostgreSQL', () => {
  it('refuses a non-empty database without --force and a damaged backup even with it; --force replaces it', async () => {
    const { url, drop } = await createScratchPostgresDatabase();
    const env = {
      DATABASE_URL: url,
      RAPPORT_SECRET: 's'.repeat(40),
      // Where Debian keeps them, the PostgreSQL programs are found without PATH.
      ...(existsSync('/usr/lib/postgresql') && { PATH: '/nonexistent' }),
    };
    const rapport = async (args: string[]) => {
      const run = spawnRapport(args, env);
      return { code: (await run.exited).code, output: run.output() };
    };
    const database = openDatabase({ dialect: 'postgres', url });
    try {
      await migrateToLatest(database.db);
      const practice = await createTestPractice(database.db);
      await createTestStaff(database.db, practice);
      const file = join(dir, 'postgres.backup');
      expect(await rapport(['backup', '--out', file])).toMatchObject({ code: 0 });
      await createTestPractice(database.db); // written after the backup
      const before = await digestTables(database.db);

      const refused = await rapport(['restore', '--from', file]);
      expect(refused.code).toBe(2);
      expect(refused.output).toBe(
        'rapport: the PostgreSQL database of DATABASE_URL already holds data: restoring would replace it (add --force to replace it); nothing was changed\n',
      );
      const damaged = join(dir, 'postgres-damaged.backup');
      const bytes = readFileSync(file);
      bytes[bytes.length - 100]! ^= 0x01;
      writeFileSync(damaged, bytes);
      const broken = await rapport(['restore', '--from', damaged, '--force']);
      expect(broken.code).toBe(2);
      expect(broken.output).toContain('its SHA-256 does not match its content');
      expect(await digestTables(database.db)).toEqual(before);

      const forced = await rapport(['restore', '--from', file, '--force']);
      expect(forced, forced.output).toMatchObject({ code: 0 });
      const organizations = before.find((d) => d.table === 'organization')!;
      const after = await digestTables(database.db);
      expect(after.find((d) => d.table === 'organization')?.rows).toBe(organizations.rows - 1);
      expect(after.find((d) => d.table === 'audit_event')?.rows).toBe(0);
    } finally {
      await database.close();
      await drop();
    }
  }, 120_000);
});
