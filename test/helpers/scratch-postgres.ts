import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { postgresUrl } from './test-databases.ts';

/**
 * A fresh, empty database on the run's PostgreSQL server, for tests that need a whole
 * database to themselves (backup and restore); `drop` removes it.
 */
export async function createScratchPostgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const shared = postgresUrl();
  if (!shared) throw new Error('PostgreSQL is not configured for this run');
  const server = new URL(shared);
  server.pathname = '/postgres';
  const name = `rapport_scratch_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
