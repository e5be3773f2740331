import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { type Executor, isPostgres } from '../db/database.ts';

/** Kysely's own bookkeeping: present in an empty migrated database, so not "data". */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

export async function listTables(db: Executor): Promise<string[]> {
  const { rows } = isPostgres(db)
    ? await sql<{
        name: string;
      }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(
        db,
      )
    : await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
        db,
      );
  return rows.map((r) => r.name);
}

/** Every organization of the install: a backup copies all of them. */
export async function listOrganizationIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('organization').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Whether any table of Rapport's (not Kysely's bookkeeping) holds a row. */
export async function holdsData(db: Executor): Promise<boolean> {
  for (const table of await listTables(db)) {
    if (BOOKKEEPING.has(table)) continue;
    const { rows } = await sql<{
      one: number;
    }>`select 1 as one from ${sql.table(table)} limit 1`.execute(db);
    if (rows.length > 0) return true;
  }
  return false;
}

/**
 * A consistent copy of a live SQLite database in one statement. `VACUUM INTO` reads inside
 * one read transaction, so in WAL mode the server keeps writing meanwhile and the copy holds
 * every transaction committed before it started and none after (a file copy of a WAL
 * database misses what still sits in the -wal file).
 */
export async function vacuumInto(db: Executor, file: string): Promise<void> {
  await sql`vacuum into ${file}`.execute(db);
}

/**
 * SQLite's own check of a database file's structure ('ok' or the problems found) and the
 * newest migration it records; read directly, without turning the file into a WAL database.
 */
export function inspectSqliteFile(file: string): {
  integrity: string;
  latestMigration: string | null;
} {
  const connection = new SQLite(file, { fileMustExist: true });
  try {
    const rows = connection.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((r) => r.integrity_check).join('; ');
    const hasMigrations = connection
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    const latest = hasMigrations
      ? (connection.prepare('select max(name) as name from kysely_migration').get() as {
          name: string | null;
        })
      : undefined;
    return { integrity, latestMigration: latest?.name ?? null };
  } catch (error) {
    // Not a database at all ("file is not a database"): report it as a failed check.
    return {
      integrity: error instanceof Error ? error.message : String(error),
      latestMigration: null,
    };
  } finally {
    connection.close();
  }
}

/**
 * Replaces the database at `target` page by page with the one at `source`, through SQLite's
 * backup API: it takes the target's locks, so a reader sees either the old or the new
 * database, never a mix, and the -wal file is handled by SQLite rather than left stale.
 */
export async function copySqliteDatabase(
  source: string,
  target: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const connection = new SQLite(source, { fileMustExist: true });
  try {
    await connection.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 1000;
      },
    });
  } finally {
    connection.close();
  }
}

/**
 * Drops every table of the current schema, as the first statements of a restore script
 * (run in the restore's one transaction, so a failed restore leaves the old tables).
 */
export const DROP_ALL_TABLES_SQL = `DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t.tablename);
  END LOOP;
END $$;
`;
