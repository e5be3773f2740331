import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, type Dialect, openDatabase } from '../../src/server/db/database.ts';
import { postgresUrl } from './test-databases.ts';

/**
 * An empty, unmigrated database of the test's own (on PostgreSQL a new database, dropped at
 * close): for tests that migrate from an older schema or act on every row of a table, which
 * the run's shared PostgreSQL database would mix with other test files' rows.
 */
export async function openEmptyDatabase(dialect: Dialect): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-empty-')), 'test.db');
    return openDatabase({ dialect: 'sqlite', file });
  }
  const name = `rapport_empty_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: postgresUrl()! });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl()!);
  url.pathname = `/${name}`;
  const handle = openDatabase({ dialect: 'postgres', url: url.toString() });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl()! });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
