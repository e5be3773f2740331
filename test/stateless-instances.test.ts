import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { countJobsByStatus, enqueueJob } from '../src/server/jobs/job.repository.ts';
import { startJobWorker } from '../src/server/jobs/job-worker.ts';
import { createOrganization } from '../src/server/organizations/organization.service.ts';
import { openTestDatabase, postgresUrl } from './helpers/test-databases.ts';

// Two app instances, each with its own connection pool, share one PostgreSQL database, as
// N instances behind a load balancer would. Nothing one of them needs lives in memory.
describe.skipIf(!postgresUrl())('two app instances on one PostgreSQL database', () => {
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeAll(async () => {
    a = await openTestDatabase('postgres', { poolSize: 4 });
    b = await openTestDatabase('postgres', { poolSize: 4 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('reads through instance B what instance A wrote', async () => {
    const appA = await buildApp({ db: a.db, dialect: 'postgres', clock: () => new Date() });
    const appB = await buildApp({ db: b.db, dialect: 'postgres', clock: () => new Date() });
    const slug = `shared-${randomUUID().slice(0, 8)}`;
    await createOrganization(
      a.db,
      () => new Date(),
      { name: 'Shared Practice', slug, clinics: [{ name: 'North', timeZone: 'Europe/Oslo' }] },
      { type: 'system', id: null },
    );
    const response = await appB.inject({ method: 'GET', url: `/api/public/organizations/${slug}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Shared Practice',
      clinics: [{ name: 'North' }],
    });
    await appA.close();
    await appB.close();
  });

  it('runs every job exactly once across both instances, with both taking part', async () => {
    const type = `count-${randomUUID()}`;
    const total = 200;
    const now = new Date().toISOString();
    for (let i = 0; i < total; i++) {
      await enqueueJob(
        a.db,
        { id: randomUUID(), organizationId: null, type, payload: { n: i }, runAt: now },
        now,
      );
    }
    const runs: { worker: string; n: number }[] = [];
    const makeWorker = (handle: DatabaseHandle, name: string) =>
      startJobWorker(
        {
          db: handle.db,
          dialect: 'postgres',
          clock: () => new Date(),
          logger: { info: () => {}, error: () => {} },
          pollMs: 20,
          batchSize: 5,
          handlers: {
            [type]: async (job) => {
              // A little work, so the two workers' claims really interleave.
              await new Promise((resolve) => setTimeout(resolve, 2));
              runs.push({ worker: name, n: (job.payload as { n: number }).n });
            },
          },
        },
        false,
      );
    const workers = [makeWorker(a, 'A'), makeWorker(b, 'B')];
    const drain = async (w: (typeof workers)[number]) => {
      while ((await w.runOnce()) > 0) {
        /* keep claiming until the queue is empty */
      }
    };
    await Promise.all(workers.map(drain));
    await Promise.all(workers.map((w) => w.stop()));

    expect(runs).toHaveLength(total);
    expect(new Set(runs.map((r) => r.n)).size).toBe(total);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['A', 'B']));
    expect(await countJobsByStatus(a.db, type)).toEqual({
      queued: 0,
      running: 0,
      done: total,
      failed: 0,
    });
  });
});
