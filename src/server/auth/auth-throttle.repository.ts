import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface Throttle {
  count: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

/**
 * Counts one more event under `key` in a fixed window, atomically (one upsert), and
 * returns the count so far in the current window. A window that started before
 * `windowStartedBefore` is over: the count starts again at 1.
 */
export async function countThrottleEvent(
  db: Executor,
  key: string,
  now: string,
  windowStartedBefore: string,
): Promise<Throttle> {
  const expired = sql<boolean>`auth_throttle.window_started_at < ${windowStartedBefore}`;
  const row = await db
    .insertInto('auth_throttle')
    .values({ key, count: 1, window_started_at: now, locked_until: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when ${expired} then 1 else auth_throttle.count + 1 end`,
        window_started_at: sql<string>`case when ${expired} then ${now} else auth_throttle.window_started_at end`,
        updated_at: now,
      }),
    )
    .returning(['count', 'window_started_at', 'locked_until'])
    .executeTakeFirstOrThrow();
  return {
    count: Number(row.count),
    windowStartedAt: row.window_started_at,
    lockedUntil: row.locked_until,
  };
}

export async function findThrottle(db: Executor, key: string): Promise<Throttle | undefined> {
  const row = await db
    .selectFrom('auth_throttle')
    .select(['count', 'window_started_at', 'locked_until'])
    .where('key', '=', key)
    .executeTakeFirst();
  return (
    row && {
      count: Number(row.count),
      windowStartedAt: row.window_started_at,
      lockedUntil: row.locked_until,
    }
  );
}

export async function setThrottleLock(
  db: Executor,
  key: string,
  lockedUntil: string,
): Promise<void> {
  await db
    .updateTable('auth_throttle')
    .set({ locked_until: lockedUntil })
    .where('key', '=', key)
    .execute();
}

export async function deleteThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
