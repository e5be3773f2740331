import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  digestTables,
  keepCommitsInWal,
  loadRows,
  rewindTo,
  startWriteLoad,
} from '../../../test/helpers/backup-load.ts';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { createScratchPostgresDatabase } from '../../../test/helpers/scratch-postgres.ts';
import { spawnRapport } from '../../../test/helpers/spawn-rapport.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { DatabaseTarget } from '../../server/config.ts';
import { type Dialect, migrateToLatest, openDatabase } from '../../server/db/database.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'rapport-backup-'));

/** A whole database of the test's own: a new SQLite file, or a new PostgreSQL database. */
async function scratchDatabase(dialect: Dialect) {
  if (dialect === 'sqlite') {
    const file = join(tempDir(), 'rapport.db');
    const target: DatabaseTarget = { dialect, file };
    return { target, args: ['--db', file], env: {}, drop: async () => {} };
  }
  const { url, drop } = await createScratchPostgresDatabase();
  const target: DatabaseTarget = { dialect, url };
  return { target, args: [], env: { DATABASE_URL: url, RAPPORT_SECRET: 's'.repeat(40) }, drop };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe.each(testDialects)('rapport backup and restore on %s', (dialect) => {
  it('copies the database consistently while it is being written; the restore holds every table row for row', async () => {
    const source = await scratchDatabase(dialect);
    const restored = await scratchDatabase(dialect);
    const live = openDatabase(source.target);
    try {
      await migrateToLatest(live.db);
      await keepCommitsInWal(live.db);
      const practice = await createTestPractice(live.db);
      const therapist = await createTestStaff(live.db, practice);
      await createTestCase(live.db, practice, therapist.id, { members: 2 });

      const load = startWriteLoad(live.db, practice);
      await waitUntil(() => load.written() >= 20);
      const file = join(tempDir(), 'rapport.backup');
      const beforeBackup = load.written();
      const backup = spawnRapport(['backup', '--out', file, ...source.args], source.env);
      const backedUp = await backup.exited;
      const written = await load.stop();
      expect(backedUp.code, backup.output()).toBe(0);
      // Piped output: the summary line only, no progress.
      expect(backup.output()).toMatch(
        /^Backup written to \S+: made .* not encrypted, SHA-256 [0-9a-f]{64}\.\n$/,
      );

      const verified = await runRapport(['backup', '--verify', file]);
      expect(verified, verified.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(verified.stdout).toContain('The backup is sound');

      const restore = spawnRapport(['restore', '--from', file, ...restored.args], restored.env);
      expect((await restore.exited).code, restore.output()).toBe(0);

      const copy = openDatabase(restored.target);
      try {
        // A consistent copy holds the first k load transactions, each whole, and none after.
        const seqs = [...(await loadRows(copy.db)).keys()].sort((a, b) => a - b);
        const k = seqs.length;
        // Everything committed before the backup started is in it.
        expect(k).toBeGreaterThanOrEqual(beforeBackup);
        expect(k).toBeLessThan(written);
        expect(seqs).toEqual(Array.from({ length: k }, (_, i) => i + 1));
        // The backup is in the organization's audit trail, written after its snapshot.
        const audited = await live.db
          .selectFrom('audit_event')
          .select(['organization_id', 'actor_type', 'entity_id'])
          .where('action', '=', 'backup.create')
          .execute();
        expect(audited).toEqual([
          {
            organization_id: practice.organization.id,
            actor_type: 'cli',
            entity_id: practice.organization.id,
          },
        ]);
        // The source as it was at that moment: every table, count and content, the same.
        await rewindTo(live.db, k);
        const expected = await digestTables(live.db);
        expect(expected.find((d) => d.table === 'audit_event')?.rows).toBe(k);
        expect(await digestTables(copy.db)).toEqual(expected);
      } finally {
        await copy.close();
      }
    } finally {
      await live.close();
      await source.drop();
      await restored.drop();
    }
  }, 120_000);
});

describe('rapport backup and restore, usage', () => {
  it.each([
    [['backup'], '--out give either --out FILE (make a backup) or --verify FILE (check one)'],
    [['backup', '--out', 'a', '--verify', 'b'], '--out give either'],
    [['backup', '--verify', 'a', '--encrypt'], '--encrypt is for making a backup'],
    [['restore'], "required option '--from <file>' not specified"],
  ])('%j is refused with exit 2', async (args, message) => {
    const result = await runRapport(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('has --help', async () => {
    for (const command of ['backup', 'restore']) {
      const result = await runRapport([command, '--help']);
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).toContain(`Usage: rapport ${command}`);
    }
  });
});

describe('rapport backup --encrypt', () => {
  it('encrypts with a passphrase from standard input; verify and restore need it', async () => {
    const dir = tempDir();
    const db = join(dir, 'rapport.db');
    const live = openDatabase({ dialect: 'sqlite', file: db });
    await migrateToLatest(live.db);
    const practice = await createTestPractice(live.db);
    await createTestStaff(live.db, practice);
    await live.close();

    const file = join(dir, 'encrypted.backup');
    const short = await runRapport(['backup', '--out', file, '--encrypt', '--db', db], 'short\n');
    expect(short).toMatchObject({ code: 2 });
    expect(short.stderr).toContain('at least 12 characters');
    expect(existsSync(file)).toBe(false);

    const passphrase = 'a long and private passphrase';
    const made = await runRapport(
      ['backup', '--out', file, '--encrypt', '--db', db],
      `${passphrase}\n`,
    );
    expect(made, made.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(made.stdout).toContain('encrypted (AES-256-GCM, scrypt)');
    const again = await runRapport(['backup', '--out', file, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `rapport: ${file} already exists: a backup never writes over a file\n`,
    );

    const verified = await runRapport(['backup', '--verify', file], `${passphrase}\n`);
    expect(verified, verified.stderr).toMatchObject({ code: 0, stderr: '' });
    const unasked = await runRapport(['backup', '--verify', file]);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toContain('give the passphrase on standard input');

    const target = join(dir, 'restored.db');
    const restored = await runRapport(
      ['restore', '--from', file, '--db', target],
      `${passphrase}\n`,
    );
    expect(restored, restored.stderr).toMatchObject({ code: 0, stderr: '' });
    const before = openDatabase({ dialect: 'sqlite', file: db });
    const after = openDatabase({ dialect: 'sqlite', file: target });
    await rewindTo(before.db, 0);
    expect(await digestTables(after.db)).toEqual(await digestTables(before.db));
    await before.close();
    await after.close();
  }, 60_000);
});
