import { createHash } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { listTables } from '../../src/server/backup/backup.repository.ts';
import { systemClock } from '../../src/server/clock.ts';
import { type Database, inTransaction, isPostgres } from '../../src/server/db/database.ts';
import { migrations } from '../../src/server/db/migrations.ts';
import { type TestPractice, createTestStaff } from './factories.ts';

/**
 * Writes while a backup runs, through the app's own code: each transaction adds a staff
 * member (staff_user + staff_role) and an audit row numbered `seq`, so a consistent copy
 * holds exactly the first k of them, each whole.
 */
export function startWriteLoad(db: Database, practice: TestPractice) {
  let running = true;
  let written = 0;
  const loop = (async () => {
    while (running) {
      const seq = written + 1;
      await inTransaction(db, async (trx) => {
        const staff = await createTestStaff(trx, practice);
        await recordAudit(trx, systemClock, {
          organizationId: practice.organization.id,
          actorType: 'system',
          actorId: null,
          action: 'staff.create',
          entityType: 'staff_user',
          entityId: staff.id,
          details: { seq },
        });
      });
      written = seq;
      // A macrotask turn, so the test sees the backup process exit (SQLite's driver is sync).
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  return {
    written: () => written,
    stop: async () => {
      running = false;
      await loop;
      return written;
    },
  };
}

/**
 * SQLite only: no automatic checkpoint on this connection, so recent commits stay in the -wal
 * file as on a busy server — where a copy of the database file alone misses them.
 */
export async function keepCommitsInWal(db: Database): Promise<void> {
  if (!isPostgres(db)) await sql`pragma wal_autocheckpoint = 0`.execute(db);
}

/** The load's rows in `db`: seq → staff id. */
export async function loadRows(db: Database): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['entity_id', 'details'])
    .where('action', '=', 'staff.create')
    .execute();
  const load = rows.map(
    (r) => [(JSON.parse(r.details) as { seq?: number }).seq, r.entity_id!] as const,
  );
  return new Map(load.filter((row): row is [number, string] => row[0] !== undefined));
}

/**
 * Takes `db` back to the moment a backup holding the first `k` load transactions was taken:
 * the later load rows and the backup's own audit row (written after its snapshot) go.
 */
export async function rewindTo(db: Database, k: number): Promise<void> {
  const later = [...(await loadRows(db))].filter(([seq]) => seq > k).map(([, id]) => id);
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('audit_event').where('action', '=', 'backup.create').execute();
    if (later.length === 0) return;
    await trx.deleteFrom('audit_event').where('entity_id', 'in', later).execute();
    await trx.deleteFrom('staff_role').where('staff_user_id', 'in', later).execute();
    await trx.deleteFrom('staff_user').where('id', 'in', later).execute();
  });
}

export interface TableDigest {
  table: string;
  rows: number;
  /** SHA-256 over the rows as JSON, sorted, so row order on disk does not matter. */
  sha256: string;
}

/** Per-table row counts and content hashes: equal digests, equal rows. */
export async function digestTables(db: Database): Promise<TableDigest[]> {
  const digests: TableDigest[] = [];
  for (const table of await listTables(db)) {
    if (table === 'kysely_migration_lock') continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      db,
    );
    const lines = rows.map((row) =>
      JSON.stringify(
        Object.keys(row)
          .sort()
          .map((k) => [k, typeof row[k] === 'bigint' ? String(row[k]) : row[k]]),
      ),
    );
    lines.sort();
    const hash = createHash('sha256');
    for (const line of lines) hash.update(`${line}\n`);
    digests.push({ table, rows: rows.length, sha256: hash.digest('hex') });
  }
  return digests;
}

/** A database at an older schema, as an older Rapport left it. */
export async function migrateUpTo(db: Database, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}
