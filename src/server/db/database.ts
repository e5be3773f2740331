import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type Kysely as KyselyType,
  type Transaction,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.ts';
import type { RapportDatabase } from './database-schema.ts';
import { migrations } from './migrations.ts';

export type Database = KyselyType<RapportDatabase>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Database | Transaction<RapportDatabase>;
export type Dialect = DatabaseTarget['dialect'];

export interface DatabaseHandle {
  db: Database;
  dialect: Dialect;
  close(): Promise<void>;
}

export function openDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number } = {},
): DatabaseHandle {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const connection = new SQLite(target.file);
    // WAL lets readers work during a write; FULL makes a committed answer survive a power cut.
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    const db = new Kysely<RapportDatabase>({
      dialect: new SqliteDialect({ database: connection }),
    });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
  const db = new Kysely<RapportDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Runs `work` in one transaction; services use this so they need not know Kysely. */
export function inTransaction<T>(db: Database, work: (trx: Executor) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
