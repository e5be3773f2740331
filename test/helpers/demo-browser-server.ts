import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recomputeAlerts } from '../../src/server/alerts/recompute-all-alerts.service.ts';
import { migrateToLatest, openDatabase } from '../../src/server/db/database.ts';
import type { DemoPractice } from '../../src/server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../../src/server/demo/seed-demo-practice.ts';
import { type BrowserServer, startBrowserServer } from './browser-session.ts';

/** Today at 00:00 UTC, as `rapport demo` anchors its practice: the history ends there. */
export const demoAnchor = () => new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);

/**
 * The demo practice seeded as `rapport demo` seeds it, into its own SQLite file, with its
 * alerts recomputed as the demo command does, served to Chromium with password sign-in.
 */
export async function startDemoBrowserServer(
  practice: DemoPractice,
  options: { seed: string; anchor: Date },
): Promise<BrowserServer> {
  const database = openDatabase({
    dialect: 'sqlite',
    file: join(mkdtempSync(join(tmpdir(), 'rapport-demo-')), 'demo.db'),
  });
  await migrateToLatest(database.db);
  const seeded = await seedDemoPractice(database.db, () => new Date(), practice, options);
  await recomputeAlerts(database.db, () => new Date(), {
    organizationId: seeded.organization.id,
  });
  return startBrowserServer({ mode: 'password-only', database });
}
