import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoredCase } from '../../../test/helpers/scored-case.fixture.ts';
import { createScratchPostgresDatabase } from '../../../test/helpers/scratch-postgres.ts';
import { createSupervisedPractice } from '../../../test/helpers/test-app.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../db/database.ts';
import { HOUSEKEEPING_JOB, housekeepingJob, scheduleHousekeeping } from './housekeeping.job.ts';
import { startJobWorker } from './job-worker.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = () => NOW;
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const retention = { sessionDays: 1, throttleHours: 24, jobDays: 30, visitDays: 1 };

/**
 * Housekeeping deletes across the whole database, so each dialect gets a database of its
 * own (a scratch one on PostgreSQL) and no other test's rows are in reach.
 */
describe.each(testDialects)('daily housekeeping on %s', (dialect) => {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (dialect === 'postgres') {
      const scratch = await createScratchPostgresDatabase();
      drop = scratch.drop;
      handle = openDatabase({ dialect: 'postgres', url: scratch.url });
      await migrateToLatest(handle.db);
    } else handle = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await handle.close();
    await drop?.();
  });

  it('deletes exactly the expired short-lived rows, once, when two workers race', async () => {
    const db = handle.db;
    const { practice, therapist } = await createSupervisedPractice(db, clock);
    await createScoredCase(db, clock, practice, therapist.id, {
      type: 'individual',
      members: 1,
      attendance: ['attended', 'attended'],
      firstSessionAt: '2026-01-05T09:00:00.000Z',
      wai: () => 44,
      phq: () => 9,
    });
    const orgId = practice.organization.id;
    const request = await db
      .selectFrom('questionnaire_request')
      .select('id')
      .where('organization_id', '=', orgId)
      .executeTakeFirstOrThrow();

    // One old and one recent row of every kind; the name says which must survive.
    const session = (id: string, expiresAt: string) => ({
      id,
      token_hash: randomUUID(),
      organization_id: orgId,
      staff_user_id: therapist.id,
      level: 'full' as const,
      created_at: ago(24 * 40),
      last_seen_at: expiresAt,
      expires_at: expiresAt,
    });
    await db
      .insertInto('auth_session')
      .values([
        session('session-expired-long-ago', ago(48)),
        session('session-expired-recently', ago(2)),
        session('session-live', ago(-5)),
      ])
      .execute();
    const throttle = (key: string, windowStartedAt: string, lockedUntil: string | null) => ({
      key,
      count: 3,
      window_started_at: windowStartedAt,
      locked_until: lockedUntil,
      updated_at: windowStartedAt,
    });
    await db
      .insertInto('auth_throttle')
      .values([
        throttle('throttle-old', ago(30), null),
        throttle('throttle-old-lock-over', ago(30), ago(25)),
        throttle('throttle-old-still-locked', ago(30), ago(-1)),
        throttle('throttle-current', ago(0.1), null),
      ])
      .execute();
    const job = (id: string, status: 'done' | 'failed' | 'queued', finishedAt: string | null) => ({
      id,
      organization_id: orgId,
      type: 'test-only',
      payload: '{}',
      unique_key: null,
      status,
      run_at: ago(24 * 60),
      attempts: 1,
      max_attempts: 5,
      locked_by: null,
      locked_at: null,
      finished_at: finishedAt,
      last_error: null,
      created_at: ago(24 * 60),
    });
    await db
      .insertInto('job')
      .values([
        job('job-done-old', 'done', ago(24 * 31)),
        job('job-failed-old', 'failed', ago(24 * 31)),
        job('job-done-recent', 'done', ago(24 * 29)),
        // Queued long ago and never run (its type has no handler): not finished, so kept.
        job('job-queued-old', 'queued', null),
      ])
      .execute();
    const visit = (id: string, expiresAt: string) => ({
      id,
      token_hash: randomUUID(),
      organization_id: orgId,
      request_id: request.id,
      created_at: ago(24 * 10),
      expires_at: expiresAt,
    });
    await db
      .insertInto('questionnaire_visit')
      .values([visit('visit-expired-long-ago', ago(30)), visit('visit-live', ago(-1))])
      .execute();

    const countRecords = async () => ({
      audit: Number(
        (
          await db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      responses: Number(
        (
          await db
            .selectFrom('questionnaire_response')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      scores: Number(
        (
          await db
            .selectFrom('score')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const records = await countRecords();
    expect(records.responses).toBeGreaterThan(0);
    expect(records.scores).toBeGreaterThan(0);
    expect(records.audit).toBeGreaterThan(0);

    // Two instances start: each schedules today's run, and only one run exists.
    expect(await scheduleHousekeeping(db, NOW, NOW)).toBe(true);
    expect(await scheduleHousekeeping(db, NOW, NOW)).toBe(false);

    const lines: { object: object; message: string }[] = [];
    const logger = {
      info: (object: object, message: string) => lines.push({ object, message }),
      error: (object: object, message: string) => lines.push({ object, message }),
    };
    const worker = () =>
      startJobWorker(
        {
          db,
          dialect,
          handlers: { [HOUSEKEEPING_JOB]: housekeepingJob({ db, clock, retention, logger }) },
          clock,
          logger,
          pollMs: 1000,
        },
        false,
      );
    const [a, b] = [worker(), worker()];
    const ran = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ran.sort()).toEqual([0, 1]);

    expect(lines).toEqual([
      {
        object: { deleted: { sessions: 1, throttles: 2, jobs: 2, visits: 1 } },
        message: 'housekeeping done',
      },
    ]);
    const ids = async (table: 'auth_session' | 'questionnaire_visit') =>
      (await db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
    expect(await ids('auth_session')).toEqual(['session-expired-recently', 'session-live']);
    expect(
      (await db.selectFrom('auth_throttle').select('key').orderBy('key').execute()).map(
        (r) => r.key,
      ),
    ).toEqual(['throttle-current', 'throttle-old-still-locked']);
    expect(
      (
        await db
          .selectFrom('job')
          .select('id')
          .where('type', '=', 'test-only')
          .orderBy('id')
          .execute()
      ).map((r) => r.id),
    ).toEqual(['job-done-recent', 'job-queued-old']);
    expect(await ids('questionnaire_visit')).toEqual(['visit-live']);
    expect(await countRecords()).toEqual(records);

    // The run queued tomorrow's, once: a second worker's pass finds nothing due today.
    const runs = await db
      .selectFrom('job')
      .select(['unique_key', 'status', 'run_at'])
      .where('type', '=', HOUSEKEEPING_JOB)
      .orderBy('unique_key')
      .execute();
    expect(runs).toEqual([
      { unique_key: 'housekeeping:2026-11-20', status: 'done', run_at: NOW.toISOString() },
      {
        unique_key: 'housekeeping:2026-11-21',
        status: 'queued',
        run_at: '2026-11-21T03:00:00.000Z',
      },
    ]);
    expect(await b.runOnce()).toBe(0);
    await Promise.all([a.stop(), b.stop()]);
  });
});
