import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import {
  type DatabaseHandle,
  type Dialect,
  migrateToLatest,
  openDatabase,
} from '../../src/server/db/database.ts';

/** Every dialect this run can test: SQLite always, PostgreSQL when the run has one. */
export const testDialects: Dialect[] = inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * A migrated database for one test file: a fresh SQLite file, or the run's shared
 * PostgreSQL database (tests there isolate by creating their own organization).
 */
export async function openTestDatabase(
  dialect: Dialect,
  options: { poolSize?: number } = {},
): Promise<DatabaseHandle> {
  if (dialect === 'postgres') {
    const url = inject('postgresUrl');
    if (!url) throw new Error('PostgreSQL is not configured for this run');
    return openDatabase({ dialect: 'postgres', url }, options);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const handle = openDatabase({ dialect: 'sqlite', file: join(dir, 'test.db') });
  await migrateToLatest(handle.db);
  return handle;
}

export function postgresUrl(): string | null {
  return inject('postgresUrl');
}
