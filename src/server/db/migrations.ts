import type { Migration } from 'kysely';
import * as foundation from './migrations/2026-11-23-foundation.ts';

/**
 * Every migration, by name. Names sort by date, so the order is the order of history.
 * Listed explicitly (not read from a folder) so the bundle and tests see the same set.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23-foundation': foundation,
};
