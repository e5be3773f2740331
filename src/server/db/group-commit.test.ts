import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, type Executor, openDatabase } from './database.ts';
import { GroupCommit, inGroupCommit } from './group-commit.ts';

// Group commit on SQLite, observed from a second connection to the same file: in WAL mode it
// sees committed rows only, so what it sees while a unit runs and when a unit's promise
// settles tells which commit the unit was in, without any timing.

describe('group commit on SQLite', () => {
  let handle: DatabaseHandle;
  let outside: SQLite.Database;
  let committer: GroupCommit;

  beforeEach(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-group-commit-')), 'g.db');
    handle = openDatabase({ dialect: 'sqlite', file });
    await sql`create table parent (id integer primary key)`.execute(handle.db);
    await sql`create table item (
      id text primary key,
      parent_id integer references parent (id) deferrable initially deferred
    )`.execute(handle.db);
    outside = new SQLite(file, { readonly: true });
    committer = new GroupCommit(handle.db);
  });
  afterEach(async () => {
    outside.close();
    await handle.close();
  });

  const committed = () =>
    (outside.prepare('select id from item order by id').all() as { id: string }[]).map((r) => r.id);
  const insert = (trx: Executor, id: string, parentId: number | null = null) =>
    sql`insert into item (id, parent_id) values (${id}, ${parentId})`.execute(trx);
  const inside = async (trx: Executor) =>
    (await sql<{ id: string }>`select id from item order by id`.execute(trx)).rows.map((r) => r.id);

  it('runs concurrent units in one transaction and settles none before its commit', async () => {
    const seenWhileRunning: { inside: string[]; committed: string[] }[] = [];
    const seenWhenSettled: string[][] = [];
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const results = await Promise.all(
      ids.map((id) =>
        committer
          .run(async (trx) => {
            await insert(trx, id);
            seenWhileRunning.push({ inside: await inside(trx), committed: committed() });
            return `stored ${id}`;
          })
          .then((result) => {
            seenWhenSettled.push(committed());
            return result;
          }),
      ),
    );

    expect(results).toEqual(ids.map((id) => `stored ${id}`));
    // The last unit saw the four before it inside the transaction, none of them committed.
    expect(seenWhileRunning).toEqual(
      ids.map((_, i) => ({ inside: ids.slice(0, i + 1), committed: [] })),
    );
    // Every unit was answered after the one commit, with all five durable.
    expect(seenWhenSettled).toEqual(ids.map(() => ids));
  });

  it('rolls back only the unit that fails, which gets its own error', async () => {
    const outcomes = await Promise.allSettled([
      committer.run((trx) => insert(trx, 'a')),
      committer.run(async (trx) => {
        await insert(trx, 'b');
        throw new Error('unit b refused');
      }),
      // A failing statement (duplicate key) in the middle of a unit.
      committer.run(async (trx) => {
        await insert(trx, 'c');
        await insert(trx, 'a');
      }),
      committer.run(async (trx) => {
        await insert(trx, 'd');
        return inside(trx);
      }),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('unit b refused'));
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    // The last unit no longer saw b's or c's rows: their savepoints were rolled back.
    expect((outcomes[3] as PromiseFulfilledResult<string[]>).value).toEqual(['a', 'd']);
    expect(committed()).toEqual(['a', 'd']);
  });

  it('refuses every unit of a batch whose commit fails, and stores none of it', async () => {
    // The deferred foreign key is checked at COMMIT: each unit succeeds, the commit does not.
    const settledBeforeCommitFailed: string[] = [];
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c'].map((id, i) =>
        committer
          .run((trx) => insert(trx, id, i === 1 ? 42 : null))
          .then(() => settledBeforeCommitFailed.push(id)),
      ),
    );

    expect(settledBeforeCommitFailed).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
    expect(committed()).toEqual([]);
    // The next batch commits as usual.
    await committer.run((trx) => insert(trx, 'f'));
    expect(committed()).toEqual(['f']);
  });

  it('puts work that arrives while a batch runs into the next commit', async () => {
    let later: Promise<string[]> | undefined;
    await committer.run(async (trx) => {
      await insert(trx, 'a');
      later = committer.run(async (next) => {
        await insert(next, 'b');
        return committed();
      });
    });
    // When the later unit ran, the first batch had already committed.
    expect(await later).toEqual(['a']);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('keeps one group commit per database for inGroupCommit', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        inGroupCommit(handle.db, async (trx) => {
          await insert(trx, id);
          return committed();
        }),
      ),
    );
    // The second unit ran before the first one's commit: both were in the same transaction.
    expect(seen).toEqual([[], []]);
    expect(committed()).toEqual(['a', 'b']);
  });
});
