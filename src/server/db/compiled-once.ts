import { type Compilable, CompiledQuery } from 'kysely';
import { type Executor, isPostgres } from './database.ts';

/**
 * A query on a hot path, built and compiled once per dialect instead of on every call (Kysely
 * builds the operation tree and compiles it anew each time: 15–40 µs a query, a tenth of a
 * client's submission). `build` is called once with a placeholder for each argument and must
 * only pass its arguments on as values (no arithmetic, no branching on them); every call then
 * binds its own arguments in their places.
 */
export function compiledOnce<A extends string[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const compiled = new Map<
    'sqlite' | 'postgres',
    { sql: string; slots: (number | -1)[]; parameters: readonly unknown[] }
  >();
  return async (db, ...args) => {
    const dialect = isPostgres(db) ? 'postgres' : 'sqlite';
    let query = compiled.get(dialect);
    if (!query) {
      const placeholders = args.map((_, i) => `\u0000compiled-once-argument-${i}\u0000`) as A;
      const { sql, parameters } = build(db, ...placeholders).compile();
      const slots = parameters.map((p) => (typeof p === 'string' ? placeholders.indexOf(p) : -1));
      // An argument that did not become a bound value (inlined, or changed on the way) would
      // silently keep the first call's placeholder: refuse such a query at its first call.
      if (placeholders.some((p, i) => sql.includes(p) || !slots.includes(i)))
        throw new Error('compiledOnce: every argument must be passed on as a bound value');
      query = { sql, slots, parameters };
      compiled.set(dialect, query);
    }
    const { sql, slots, parameters } = query;
    const bound = parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, bound));
    return result.rows;
  };
}
