import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { type AuthSettings, defaultAuthSettings } from '../../src/server/auth/auth-settings.ts';
import type { Clock } from '../../src/server/clock.ts';
import type { Database, DatabaseHandle, Dialect } from '../../src/server/db/database.ts';
import { insertSupervision } from '../../src/server/staff/staff.repository.ts';
import { TEST_INSTANCE_SECRET, createStaffWithPassword, signedIn } from './auth-client.ts';
import { createTestPractice } from './factories.ts';
import { insertCaseViewPlan } from './scored-case.fixture.ts';
import { openTestDatabase } from './test-databases.ts';

type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * For the describe block it is called in: a migrated database and the app over it, opened
 * before the block's tests and closed after them. Sign-in is password-only unless `auth`
 * says otherwise, so the tests stay about their data, not about TOTP.
 */
export function useTestApp(
  dialect: Dialect,
  clock: Clock,
  options: { auth?: AuthSettings; secret?: string; recordingMaxBytes?: number } = {},
) {
  let handle: DatabaseHandle | undefined;
  let app: App | undefined;
  // Each app keeps interview recordings in a folder of its own, removed afterwards.
  const recordingsDir = mkdtempSync(join(tmpdir(), 'rapport-recordings-'));
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock,
      auth: options.auth ?? { ...defaultAuthSettings, mode: 'password-only' },
      secret: options.secret ?? TEST_INSTANCE_SECRET,
      recordings: {
        dir: recordingsDir,
        maxBytes: options.recordingMaxBytes ?? 200 * 1024 * 1024,
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    rmSync(recordingsDir, { recursive: true, force: true });
  });
  const api = {
    /** Where this app keeps interview recordings. */
    recordingsDir,
    get db(): Database {
      if (!handle) throw new Error('useTestApp: the database opens in beforeAll');
      return handle.db;
    },
    get app(): App {
      if (!app) throw new Error('useTestApp: the app starts in beforeAll');
      return app;
    },
    /** A client signed in as `email`, carrying its cookie and CSRF token. */
    signedIn: (email: string) => signedIn(api.app, email),
  };
  return api;
}

/**
 * A practice whose plan includes the synthetic therapist form, with a therapist and the
 * supervisor who supervises them.
 */
export async function createSupervisedPractice(db: Database, clock: Clock) {
  const practice = await createTestPractice(db);
  await insertCaseViewPlan(db, clock, practice, { therapistForm: true });
  const therapist = await createStaffWithPassword(db, practice, 'therapist');
  const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
  await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
  return { practice, therapist, supervisor };
}
