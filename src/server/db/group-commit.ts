import { sql } from 'kysely';
import { type Database, type Executor, inTransaction, isPostgres } from './database.ts';

/**
 * Most units of work one shared transaction takes; the rest wait for the next commit. It
 * bounds how long the connection is held for other queries and how much one failed commit
 * refuses (each of those clients retries with the same submission id).
 */
const MAX_BATCH = 64;

interface Pending {
  work: (trx: Executor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Commits concurrent units of work together on a single-writer database (SQLite). The work
 * that arrives while the previous shared transaction runs waits, then all of it runs one
 * after the other in one transaction, each inside its own savepoint, and one COMMIT makes it
 * durable: the WAL pages and the fsync of a commit are shared instead of paid per unit.
 *
 * What each caller sees is what a transaction of its own would give it:
 * - its promise settles only after the shared COMMIT returned, so nothing is acknowledged
 *   that a crash could still take back;
 * - a unit that throws rolls back its own savepoint only and gets its own error; the others
 *   go on;
 * - if the COMMIT (or the transaction itself) fails, every unit of that batch is refused.
 *
 * The units run one at a time, as SQLite's one writer would run them anyway; a unit must
 * therefore only talk to the database (nothing slow from outside the machine), and must not
 * open a transaction of its own.
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #draining = false;
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  run<T>(work: (trx: Executor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.#draining) return;
      this.#draining = true;
      // After the I/O phase: every request read from the sockets in it joins the first batch.
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_BATCH));
    this.#draining = false;
  }

  async #commit(batch: Pending[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await inTransaction(this.#db, async (trx) => {
        for (const { work } of batch) {
          await sql`savepoint group_commit_unit`.execute(trx);
          try {
            const value = await work(trx);
            await sql`release group_commit_unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // If the transaction itself is gone (SQLite rolls back on a full disk or an I/O
            // error), this throws too and the whole batch is refused below.
            await sql`rollback to group_commit_unit`.execute(trx);
            await sql`release group_commit_unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}

const committers = new WeakMap<Database, GroupCommit>();

/**
 * Runs `work` as one transaction of its own in effect: on SQLite inside the database's shared
 * group commit, on PostgreSQL (many connections, row locks, commits in parallel) as an
 * ordinary transaction.
 */
export function inGroupCommit<T>(db: Database, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return inTransaction(db, work);
  let committer = committers.get(db);
  if (!committer) committers.set(db, (committer = new GroupCommit(db)));
  return committer.run(work);
}
