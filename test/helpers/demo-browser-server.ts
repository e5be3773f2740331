import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { recomputeAlerts } from '../../src/server/alerts/recompute-all-alerts.service.ts';
import { migrateToLatest, openDatabase } from '../../src/server/db/database.ts';
import {
  type DemoPractice,
  generateDemoPractice,
} from '../../src/server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../../src/server/demo/seed-demo-practice.ts';
import { type BrowserServer, type ServeOptions, startBrowserServer } from './browser-session.ts';

/** Today at 00:00 UTC, as `rapport demo` anchors its practice: the history ends there. */
export const demoAnchor = () => new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
export const DEMO_SEED = 'harmonybridge';

/**
 * A small demo practice seeded as `rapport demo` seeds it (into its own SQLite file), its
 * alerts recomputed as the demo command does, served to Chromium in password-only mode
 * (accepting interview recordings into `options.recordings` when given).
 */
export async function startDemoBrowserServer(
  clients = 12,
  options: Pick<ServeOptions, 'recordings'> = {},
) {
  const anchor = demoAnchor();
  const practice = generateDemoPractice({ clients, seed: DEMO_SEED, anchor });
  const database = openDatabase({
    dialect: 'sqlite',
    file: join(mkdtempSync(join(tmpdir(), 'rapport-demo-')), 'demo.db'),
  });
  await migrateToLatest(database.db);
  const seeded = await seedDemoPractice(database.db, () => new Date(), practice, {
    seed: DEMO_SEED,
    anchor,
  });
  const organizationId = seeded.organization.id;
  await recomputeAlerts(database.db, () => new Date(), { organizationId });
  const server: BrowserServer = await startBrowserServer({
    mode: 'password-only',
    database,
    ...options,
  });
  return { server, practice, anchor, organizationId };
}

/**
 * For a browser test file on the demo: the small demo practice of `startDemoBrowserServer`,
 * served before the file's tests and closed after them.
 */
export function useDemoBrowserServer() {
  let started: Awaited<ReturnType<typeof startDemoBrowserServer>> | undefined;
  beforeAll(async () => {
    started = await startDemoBrowserServer();
  }, 180_000);
  afterAll(() => started?.server.close());
  const get = () => {
    if (!started) throw new Error('useDemoBrowserServer: the server starts in beforeAll');
    return started;
  };
  return {
    get practice(): DemoPractice {
      return get().practice;
    },
    get server(): BrowserServer {
      return get().server;
    },
  };
}
