import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { claimDueJobs, countJobsByStatus, enqueueJob } from './job.repository.ts';
import { startJobWorker } from './job-worker.ts';

const silent = { info: () => {}, error: () => {} };

describe.each(testDialects)('jobs table on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('adds a job with a unique key only once', async () => {
    const key = `reminder:${randomUUID()}`;
    const job = {
      organizationId: null,
      type: 'noop',
      payload: {},
      uniqueKey: key,
      runAt: '2026-01-01T00:00:00.000Z',
    };
    expect(await enqueueJob(handle.db, { ...job, id: randomUUID() }, job.runAt)).toBe(true);
    expect(await enqueueJob(handle.db, { ...job, id: randomUUID() }, job.runAt)).toBe(false);
  });

  it('runs each due job once, leaves future jobs, and retries a failure later', async () => {
    const type = `t-${randomUUID()}`;
    const now = new Date('2026-11-01T12:00:00Z');
    const ran: string[] = [];
    let failOnce = true;
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids)
      await enqueueJob(
        handle.db,
        { id, organizationId: null, type, payload: { id }, runAt: '2026-11-01T11:00:00.000Z' },
        now.toISOString(),
      );
    await enqueueJob(
      handle.db,
      {
        id: randomUUID(),
        organizationId: null,
        type,
        payload: { id: 'future' },
        runAt: '2026-11-02T00:00:00.000Z',
      },
      now.toISOString(),
    );

    let clock = now;
    const worker = startJobWorker(
      {
        db: handle.db,
        dialect,
        handlers: {
          [type]: async (job) => {
            const { id } = job.payload as { id: string };
            if (id === ids[0] && failOnce) {
              failOnce = false;
              throw new Error('transient');
            }
            ran.push(id);
          },
        },
        clock: () => clock,
        logger: silent,
        pollMs: 1000,
      },
      false,
    );
    await worker.runOnce();
    expect(ran.sort()).toEqual(ids.slice(1).sort());
    expect(await countJobsByStatus(handle.db, type)).toEqual({
      queued: 2,
      running: 0,
      done: 4,
      failed: 0,
    });

    await worker.runOnce();
    expect(ran).toHaveLength(4); // the failed job waits for its back-off

    clock = new Date(now.getTime() + 60 * 60_000);
    await worker.runOnce();
    expect(ran).toContain(ids[0]);
    expect(ran).not.toContain('future');
    expect(await countJobsByStatus(handle.db, type)).toEqual({
      queued: 1,
      running: 0,
      done: 5,
      failed: 0,
    });
    await worker.stop();
  });

  it('gives up after the last attempt and keeps only an error code', async () => {
    const type = `t-${randomUUID()}`;
    await enqueueJob(
      handle.db,
      {
        id: randomUUID(),
        organizationId: null,
        type,
        payload: {},
        runAt: '2026-11-01T00:00:00.000Z',
        maxAttempts: 1,
      },
      '2026-11-01T00:00:00.000Z',
    );
    const worker = startJobWorker(
      {
        db: handle.db,
        dialect,
        handlers: {
          [type]: async () => {
            throw new TypeError('client Jane Doe said something');
          },
        },
        clock: () => new Date('2026-11-01T01:00:00Z'),
        logger: silent,
        pollMs: 1000,
      },
      false,
    );
    await worker.runOnce();
    expect(await countJobsByStatus(handle.db, type)).toEqual({
      queued: 0,
      running: 0,
      done: 0,
      failed: 1,
    });
    const row = await handle.db
      .selectFrom('job')
      .select('last_error')
      .where('type', '=', type)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toBe('TypeError');
  });

  it('takes up a job left running by a killed worker once its short lease lapses, but not a live one', async () => {
    const type = `t-${randomUUID()}`;
    const start = new Date('2026-11-01T12:00:00Z');
    let clock = start;
    const enqueue = (id: string) =>
      enqueueJob(
        handle.db,
        { id, organizationId: null, type, payload: { id }, runAt: start.toISOString() },
        start.toISOString(),
      );
    const dead = randomUUID();
    await enqueue(dead);
    // A process claims the job and is killed: nobody renews its lease.
    await claimDueJobs(handle.db, dialect, 'worker-killed', 10, start.toISOString(), '', [type]);
    const ran: string[] = [];
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    const options = {
      db: handle.db,
      dialect,
      clock: () => clock,
      logger: silent,
      pollMs: 1000,
      leaseMs: 30_000,
    };
    const live = startJobWorker(
      {
        ...options,
        leaseMs: 300, // heartbeat every 100 ms of real time
        handlers: {
          [type]: async (job) => {
            ran.push(`live:${(job.payload as { id: string }).id}`);
            await hold;
          },
        },
      },
      false,
    );
    const restarted = startJobWorker(
      {
        ...options,
        handlers: {
          [type]: async (job) => {
            ran.push(`restarted:${(job.payload as { id: string }).id}`);
          },
        },
      },
      false,
    );
    clock = new Date(start.getTime() + 20_000);
    expect(await restarted.runOnce()).toBe(0); // the lease has not lapsed yet
    clock = new Date(start.getTime() + 31_000);
    expect(await restarted.runOnce()).toBe(1);
    expect(ran).toEqual([`restarted:${dead}`]);

    // A live worker's long job keeps its lease by heartbeat, however long it runs.
    const busy = randomUUID();
    await enqueue(busy);
    const running = live.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ran).toContain(`live:${busy}`);
    clock = new Date(start.getTime() + 10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 250)); // heartbeats at the new time
    clock = new Date(start.getTime() + 10 * 60_000 + 20_000);
    expect(await restarted.runOnce()).toBe(0);
    release();
    await running;
    expect(await countJobsByStatus(handle.db, type)).toMatchObject({ running: 0, done: 2 });
    await Promise.all([live.stop(), restarted.stop()]);
  });
});
