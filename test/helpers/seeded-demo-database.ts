import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recomputeAlerts } from '../../src/server/alerts/recompute-all-alerts.service.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
} from '../../src/server/db/database.ts';
import { generateDemoPractice } from '../../src/server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../../src/server/demo/seed-demo-practice.ts';
import { type BrowserServer, startBrowserServer } from './browser-session.ts';

/**
 * A demo practice as `rapport demo` makes it, in its own new SQLite file: seeded, then its
 * alerts recomputed as the demo command does. For browser tests on the demo.
 */
export async function seededDemoDatabase(
  practice: ReturnType<typeof generateDemoPractice>,
  options: { seed: string; anchor: Date },
): Promise<DatabaseHandle> {
  const database = openDatabase({
    dialect: 'sqlite',
    file: join(mkdtempSync(join(tmpdir(), 'rapport-demo-')), 'demo.db'),
  });
  await migrateToLatest(database.db);
  const seeded = await seedDemoPractice(database.db, () => new Date(), practice, options);
  await recomputeAlerts(database.db, () => new Date(), {
    organizationId: seeded.organization.id,
  });
  return database;
}

/**
 * For a browser test file on the demo: a small demo practice (12 clients) seeded and served
 * in password-only mode before the file's tests, closed after them.
 */
export function useDemoBrowserServer(options: { seed: string; anchor: Date }) {
  const practice = generateDemoPractice({ clients: 12, ...options });
  let server: BrowserServer | undefined;
  beforeAll(async () => {
    const database = await seededDemoDatabase(practice, options);
    server = await startBrowserServer({ mode: 'password-only', database });
  }, 120_000);
  afterAll(() => server?.close());
  return {
    practice,
    get server(): BrowserServer {
      if (!server) throw new Error('useDemoBrowserServer: the server starts in beforeAll');
      return server;
    },
  };
}
