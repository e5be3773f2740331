import { CompiledQuery, type Insertable, SqliteAdapter, sql } from 'kysely';
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
  'alert',
] as const;
export type DemoBulkTable = (typeof DEMO_BULK_TABLES)[number];
export type DemoBulkRows = { [T in DemoBulkTable]: Insertable<RapportDatabase[T]>[] };

// PostgreSQL takes 65,535 bound parameters per statement: 1,000 rows of ≤ 21 columns fit.
const ROWS_PER_INSERT = 1000;
// SQLite takes 32,766: 256 rows of ≤ 21 columns fit with room to spare.
const ROWS_PER_SQLITE_INSERT = 256;

// Kysely keeps the adapter behind an internal accessor; it is the only way to tell the dialect
// from a handle, and only the bulk path below depends on it.
const isSqlite = (db: Executor) => db.getExecutor().adapter instanceof SqliteAdapter;

const insertSql = new Map<string, string>();

/** `insert … values (?, …), …` for `rows` rows, built once per table, columns and size. */
function sqliteInsertText(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}(${columns.join(',')})*${rows}`;
  let text = insertSql.get(key);
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text =
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ` +
      Array.from({ length: rows }, () => row).join(', ');
    insertSql.set(key, text);
  }
  return text;
}

/**
 * Writes demo rows. On SQLite as multi-row VALUES statements of a few fixed sizes (256 rows,
 * then halves for the tail), so each statement text recurs and the connection's statement
 * cache (database.ts) prepares it once. Binding values costs SQLite far less than parsing
 * them: the JSON-array parameter read through `json_each` that this replaced spent twice the
 * CPU in `->>` per column (bench/README.md, "Demo seed with answers"). On PostgreSQL (tests
 * only) one multi-row INSERT per 1,000 rows is fast enough. Rows of one call must all have
 * the same keys; a missing or undefined value is written as NULL.
 */
export async function insertDemoRows<T extends DemoBulkTable>(
  db: Executor,
  table: T,
  rows: DemoBulkRows[T],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  if (!isSqlite(db)) {
    // Written as SQL rather than `insertInto(table).values(…)`: with `table` generic, the
    // builder cannot tie the rows' type to the table's, and would need a cast.
    const columnList = sql.join(columns.map((column) => sql.ref(column)));
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const values = rows.slice(i, i + ROWS_PER_INSERT).map((row) => {
        const cells = row as Record<string, unknown>;
        return sql`(${sql.join(columns.map((column) => cells[column] ?? null))})`;
      });
      await sql`insert into ${sql.table(table)} (${columnList}) values ${sql.join(values)}`.execute(
        db,
      );
    }
    return;
  }
  let i = 0;
  for (let size = ROWS_PER_SQLITE_INSERT; size >= 1; size >>= 1) {
    for (; rows.length - i >= size; i += size) {
      const values: unknown[] = [];
      for (let r = i; r < i + size; r++) {
        const row = rows[r] as Record<string, unknown>;
        for (const column of columns) values.push(row[column] ?? null);
      }
      await db.executeQuery(CompiledQuery.raw(sqliteInsertText(table, columns, size), values));
    }
  }
}

/**
 * Whether the seed can hand part of the rows to a worker thread: the worker writes a scratch
 * SQLite file that is attached and copied in, which only a SQLite database can do.
 */
export const canSeedWithWorker = (db: Executor): boolean => isSqlite(db);

/**
 * Before a bulk seed of a SQLite file, for the one big transaction:
 *
 * - A rollback journal instead of the WAL. Pages a transaction appends to the file need no
 *   journal, so the rows are written once instead of twice (to the WAL, then by the
 *   checkpoint), and an interrupted seed still rolls back to nothing.
 * - No foreign-key checks: they cost five index lookups per score row (about a fifth of the
 *   seed), for rows the generator makes consistent by construction. PostgreSQL keeps checking,
 *   and the demo test seeds there too, so a generator that broke a reference would fail it.
 * - The worker threads' scratch files attached (openDemoScratch): SQLite attaches only outside
 *   a transaction, so before it starts; `copyScratchRows` reads them inside it.
 *
 * The first two are refused (left as they were) while another connection holds the file, and
 * neither can change inside a transaction: then the seed is only slower. Returns what
 * `endBulkSeed` needs to put things back.
 */
export async function beginBulkSeed(
  db: Database,
  scratchFiles: readonly string[] = [],
): Promise<BulkSeedState> {
  const state: BulkSeedState = { restoreWal: false, restoreForeignKeys: false, scratches: 0 };
  if (!isSqlite(db)) return state;
  // Attached first: if a file cannot be opened, nothing else has changed yet.
  try {
    for (const file of scratchFiles) {
      await db.executeQuery(
        CompiledQuery.raw(`attach database ? as "${scratchName(state.scratches)}"`, [file]),
      );
      state.scratches += 1;
    }
  } catch (error) {
    await endBulkSeed(db, state);
    throw error;
  }
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
  /** How many scratch files are attached. */
  scratches: number;
}

const scratchName = (index: number) => `demo_scratch_${index}`;

/**
 * Copies the case rows a worker wrote to scratch file `index` (see beginBulkSeed) into the
 * real tables, table by table in DEMO_BULK_TABLES order, inside SQLite: no values cross into
 * JavaScript, so this costs a fraction of binding them (~2–4 µs a row, indexes included).
 */
export async function copyScratchRows(trx: Executor, index: number): Promise<void> {
  const scratch = scratchName(index);
  const present = await trx.executeQuery<{ name: string }>(
    CompiledQuery.raw(`select name from "${scratch}".sqlite_master where type = 'table'`),
  );
  const tables = new Set(present.rows.map((r) => r.name));
  for (const table of DEMO_BULK_TABLES) {
    if (!tables.has(table)) continue;
    const columns = await trx.executeQuery<{ name: string }>(
      CompiledQuery.raw(`select name from pragma_table_info(?, ?)`, [table, scratch]),
    );
    const names = columns.rows.map((c) => `"${c.name}"`).join(', ');
    await trx.executeQuery(
      CompiledQuery.raw(
        `insert into main."${table}" (${names}) select ${names} from "${scratch}"."${table}"`,
      ),
    );
  }
}

export async function endBulkSeed(db: Database, state: BulkSeedState): Promise<void> {
  for (let i = 0; i < state.scratches; i++)
    await db.executeQuery(CompiledQuery.raw(`detach database "${scratchName(i)}"`));
  if (state.restoreForeignKeys)
    await db.executeQuery(CompiledQuery.raw('pragma foreign_keys = on'));
  if (state.restoreWal) await db.executeQuery(CompiledQuery.raw('pragma journal_mode = wal'));
}
