import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { browserAvailability } from './helpers/browser-availability.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    chromiumPath: string | null;
  }
}

/**
 * Once per run: a fresh PostgreSQL database (when TEST_DATABASE_URL names a server) that
 * every test file shares; tests isolate themselves by creating their own organization.
 * Under CI=true, a missing PostgreSQL or Chromium fails the run instead of skipping.
 */
export default async function setup(project: TestProject) {
  const ci = process.env.CI === 'true';
  const serverUrl = process.env.TEST_DATABASE_URL;
  const chromium = browserAvailability();
  const missing: string[] = [];
  if (!serverUrl) missing.push('PostgreSQL (set TEST_DATABASE_URL=postgres://…)');
  if (!chromium.path) missing.push(`Chromium (${chromium.reason})`);
  if (ci && missing.length > 0) {
    throw new Error(`CI=true requires every part of the suite; missing: ${missing.join('; ')}`);
  }
  for (const part of missing) {
    console.warn(`\n⚠  SKIPPED: the tests that need ${part} are skipped in this run.\n`);
  }
  // Process tests spawn bin/rapport.js, which runs the compiled dist/server: build it once
  // here, so they test this checkout and no two of them rebuild it at the same time.
  execFileSync(process.execPath, ['esbuild.config.js'], { stdio: 'inherit' });
  project.provide('chromiumPath', chromium.path);
  if (chromium.path) {
    // Browser tests run against the built web app; build it so it is never stale.
    await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  }

  if (!serverUrl) {
    project.provide('postgresUrl', null);
    return;
  }
  const name = `rapport_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ dialect: 'postgres', url: url.toString() });
  await migrateToLatest(database.db);
  await database.close();
  project.provide('postgresUrl', url.toString());

  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
}
