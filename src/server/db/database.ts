import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type Kysely as KyselyType,
  type Transaction,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
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
    if (target.file !== ':memory:') {
      mkdirSync(dirname(target.file), { recursive: true, mode: 0o700 });
      // Create the file owner-only before SQLite opens it: SQLite gives the -wal and -shm
      // files the database file's permissions, so all three stay 0600 (docs/security.md).
      closeSync(openSync(target.file, 'a', 0o600));
      // A database made by an older version may be 0644: tighten it (and its -wal/-shm).
      for (const file of [target.file, `${target.file}-wal`, `${target.file}-shm`])
        if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    }
    const connection = new SQLite(target.file);
    // WAL lets readers work during a write; FULL makes a committed answer survive a power cut.
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    const db = new Kysely<RapportDatabase>({
      dialect: new SqliteDialect({ database: cachingStatements(connection) }),
    });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
  const db = new Kysely<RapportDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Distinct SQL texts kept prepared; a query with a long `in (?, ?, …)` list is one more. */
const PREPARED_STATEMENTS = 500;

/**
 * Kysely's SQLite driver prepares every query anew, and compiling a statement cost more than
 * running it (a client's submission spent a sixth of its CPU in sqlite3_prepare). The same
 * query builder yields the same SQL text with the values bound apart, so statements are kept
 * by text. A statement still iterating (a streamed select) is never handed out a second time
 * (Kysely holds the connection while a select streams, so this is a guard, not a path).
 */
function cachingStatements(connection: SQLite.Database): SqliteDatabase {
  const prepared = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare(source: string) {
      const cached = prepared.get(source);
      if (cached && !cached.busy) return cached;
      const statement = connection.prepare(source);
      if (cached) return statement;
      if (prepared.size >= PREPARED_STATEMENTS) prepared.delete(prepared.keys().next().value!);
      prepared.set(source, statement);
      return statement;
    },
  };
}

/**
 * Whether `db` talks to PostgreSQL, for the few statements SQLite has no syntax for (row
 * locks): SQLite runs one write transaction at a time, so it needs no lock there.
 */
export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
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
