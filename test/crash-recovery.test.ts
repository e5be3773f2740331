import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { ALERTS_RECOMPUTE_JOB } from '../src/server/measurement/alert-recompute-job.ts';
import {
  type ServerTarget,
  checkStored,
  crashRun,
  seedOpenRequests,
  startServer,
  waitForJobsDone,
} from './helpers/crash-run.ts';
import { openTestDatabase, postgresUrl, testDialects } from './helpers/test-databases.ts';

// Nothing acknowledged is lost: 1,000 links × 2 forms = 2,000 submissions from 32 concurrent
// clients while `rapport serve` is SIGKILLed 4 times at random moments and restarted. A
// client retries an unanswered POST with the same submission id, as the questionnaire page
// does. Afterwards every acknowledged submission is stored exactly once with its scores,
// audit row and alert job; nothing twice; request states agree with the stored responses.
//
// This test can fail: a build that answered before its commit (e.g. the route replying
// `reply.send(...)` and then awaiting submitToRequest, or SQLite with synchronous=OFF so an
// acknowledged commit is not yet on disk) acknowledges submissions a kill then loses, and
// `acknowledgedStoredOnce` falls below `acknowledged.size`. The ordering itself is proven
// without a crash in test/submission-commit.test.ts: a commit that fails
// gives the client no 2xx.

const REQUESTS = 1000;

describe.each(testDialects)('crash recovery on %s', (dialect) => {
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of handles) await handle.close();
  });

  it('stores every acknowledged submission exactly once across SIGKILLs, and takes up a killed job within a minute', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-crash-')), 'rapport.db');
    const target: ServerTarget =
      dialect === 'sqlite' ? { dialect, database: file } : { dialect, database: postgresUrl()! };
    const handle =
      dialect === 'sqlite' ? openDatabase({ dialect, file }) : await openTestDatabase(dialect);
    handles.push(handle);
    await migrateToLatest(handle.db);
    const seeded = await seedOpenRequests(handle.db, () => new Date(), REQUESTS);

    const run = await crashRun(target, handle.db, seeded, {
      clients: 32,
      kills: 4,
      deadlineMs: 120_000,
    });
    expect(run.unexpected).toEqual([]);
    expect(run.kills).toBe(4);
    expect(run.acknowledged.size).toBe(2 * REQUESTS);
    expect(run.retries).toBeGreaterThan(0);

    // One more kill, with a job its worker was running: the restarted server takes it up.
    run.server.child.kill('SIGKILL');
    await run.server.exited;
    await handle.db
      .insertInto('job')
      .values({
        id: randomUUID(),
        organization_id: seeded.organizationId,
        type: ALERTS_RECOMPUTE_JOB,
        payload: JSON.stringify({ caseId: seeded.caseIds[0] }),
        unique_key: `${ALERTS_RECOMPUTE_JOB}:${seeded.caseIds[0]}:killed-${randomUUID()}`,
        status: 'running',
        run_at: new Date().toISOString(),
        attempts: 1,
        max_attempts: 5,
        locked_by: 'worker-killed',
        locked_at: new Date().toISOString(),
        finished_at: null,
        last_error: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const { rapport } = await startServer(target, 0);
    const restarted = Date.now();
    expect(await waitForJobsDone(handle.db, seeded.organizationId, 60_000)).toBe(true);
    expect(Date.now() - restarted).toBeLessThan(60_000);
    rapport.child.kill('SIGTERM');
    expect((await rapport.exited).code).toBe(0);

    const report = await checkStored(handle.db, dialect, seeded.organizationId, run.acknowledged);
    expect(report).toEqual({
      stored: 2 * REQUESTS,
      acknowledgedStoredOnce: 2 * REQUESTS,
      duplicates: 0,
      incomplete: 0,
      requestMismatches: 0,
      jobsNotDone: 0,
      integrity: 'ok',
    });
  }, 240_000);
});
