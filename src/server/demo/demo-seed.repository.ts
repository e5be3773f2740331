import { CompiledQuery, type Insertable, SqliteAdapter } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import type { RapportDatabase } from '../db/database-schema.ts';

/** The tables the demo fills case by case, in the order their rows must be written. */
export const DEMO_BULK_TABLES = [
  'client',
  'care_case',
  'case_member',
  'case_therapist',
  'therapy_session',
  'questionnaire_request',
  'questionnaire_response',
  'score',
] as const;
export type DemoBulkTable = (typeof DEMO_BULK_TABLES)[number];
export type DemoBulkRows = { [T in DemoBulkTable]: Insertable<RapportDatabase[T]>[] };

// PostgreSQL takes 65,535 bound parameters per statement: 1,000 rows of ≤ 21 columns fit.
const ROWS_PER_INSERT = 1000;
// SQLite gets a batch as one JSON parameter, so no parameter limit; bigger is fewer round trips.
const ROWS_PER_SQLITE_INSERT = 5000;

// Kysely keeps the adapter behind an internal accessor; it is the only way to tell the dialect
// from a handle, and only the bulk path below depends on it.
const isSqlite = (db: Executor) => db.getExecutor().adapter instanceof SqliteAdapter;

const insertSql = new Map<string, string>();

/**
 * Writes demo rows. On SQLite a batch goes in as one JSON array through `json_each`: the
 * statement text stays short and the same, so SQLite prepares it in microseconds, where a
 * 1,000-row VALUES list through the query builder cost ~2 ms to build and prepare per batch
 * (4,000 batches at 20,000 clients). On PostgreSQL (tests only) the query builder's
 * multi-row INSERT is fast enough. Rows of one call must all have the same keys.
 */
export async function insertDemoRows<T extends DemoBulkTable>(
  db: Executor,
  table: T,
  rows: DemoBulkRows[T],
): Promise<void> {
  if (rows.length === 0) return;
  if (!isSqlite(db)) {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
      await db
        .insertInto(table)
        .values(rows.slice(i, i + ROWS_PER_INSERT) as never)
        .execute();
    return;
  }
  const columns = Object.keys(rows[0]!);
  const key = `${table}(${columns.join(',')})`;
  let text = insertSql.get(key);
  if (text === undefined) {
    text =
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) ` +
      `select ${columns.map((c) => `value ->> '${c}'`).join(', ')} from json_each(?)`;
    insertSql.set(key, text);
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_SQLITE_INSERT) {
    // A missing key reads as NULL, like the null it stands for.
    const json = JSON.stringify(rows.slice(i, i + ROWS_PER_SQLITE_INSERT));
    await db.executeQuery(CompiledQuery.raw(text, [json]));
  }
}

/**
 * Before a bulk seed of a SQLite file, for the one big transaction:
 *
 * - A rollback journal instead of the WAL. Pages a transaction appends to the file need no
 *   journal, so the rows are written once instead of twice (to the WAL, then by the
 *   checkpoint), and an interrupted seed still rolls back to nothing.
 * - No foreign-key checks: they cost five index lookups per score row (about a fifth of the
 *   seed), for rows the generator makes consistent by construction. PostgreSQL keeps checking,
 *   and the demo test seeds there too, so a generator that broke a reference would fail it.
 *
 * Either setting is refused (left as it was) while another connection holds the file, and
 * neither can change inside a transaction: then the seed is only slower. Returns what
 * `endBulkSeed` needs to put things back.
 */
export async function beginBulkSeed(db: Database): Promise<BulkSeedState> {
  const state: BulkSeedState = { restoreWal: false, restoreForeignKeys: false };
  if (!isSqlite(db)) return state;
  const pragma = async <T>(text: string) =>
    (await db.executeQuery<T>(CompiledQuery.raw(`pragma ${text}`))).rows[0];
  if ((await pragma<{ journal_mode: string }>('journal_mode'))?.journal_mode === 'wal') {
    state.restoreWal =
      (await pragma<{ journal_mode: string }>('journal_mode = delete'))?.journal_mode === 'delete';
  }
  if ((await pragma<{ foreign_keys: number }>('foreign_keys'))?.foreign_keys === 1) {
    await pragma('foreign_keys = off');
    state.restoreForeignKeys = true;
  }
  return state;
}

export interface BulkSeedState {
  restoreWal: boolean;
  restoreForeignKeys: boolean;
}

export async function endBulkSeed(db: Database, state: BulkSeedState): Promise<void> {
  if (state.restoreForeignKeys)
    await db.executeQuery(CompiledQuery.raw('pragma foreign_keys = on'));
  if (state.restoreWal) await db.executeQuery(CompiledQuery.raw('pragma journal_mode = wal'));
}
