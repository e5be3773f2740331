import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWithOpenRequest, waiAnswers } from './helpers/questionnaire-fixture.ts';
import { useTestClock } from './helpers/test-clock.ts';
import { openTestDatabase, testDialects } from './helpers/test-databases.ts';
import { buildApp } from '../src/server/app.ts';
import { defaultAuthSettings } from '../src/server/auth/auth-settings.ts';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { VISIT_COOKIE } from '../src/server/measurement/questionnaire.routes.ts';

// A submission is acknowledged only after its transaction committed: when the commit fails,
// the client gets no 2xx (and retries the same submission id later). On PostgreSQL a deferred
// constraint trigger makes the COMMIT itself fail; SQLite has no deferred triggers, so there
// the transaction's last write (the audit row) fails. test/crash-recovery.test.ts relies on
// this ordering: an acknowledgement is a promise that a SIGKILL cannot take back.

describe.each(testDialects)('a submission whose commit fails, on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const time = useTestClock('2026-11-02T12:00:00Z');

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock: time.clock,
      auth: { ...defaultAuthSettings, mode: 'password-only' },
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** Makes every commit that writes an audit row for `organizationId` fail; returns the undo. */
  async function refuseCommits(organizationId: string) {
    const name = `refuse_commit_${randomUUID().replaceAll('-', '')}`;
    const org = sql.lit(organizationId);
    if (dialect === 'postgres') {
      await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $$
        begin
          if new.organization_id = ${org} then raise exception 'commit refused by the test'; end if;
          return null;
        end $$`.execute(handle.db);
      await sql`create constraint trigger ${sql.raw(name)} after insert on audit_event
        deferrable initially deferred for each row execute function ${sql.raw(name)}()`.execute(
        handle.db,
      );
      return async () => {
        await sql`drop trigger ${sql.raw(name)} on audit_event`.execute(handle.db);
        await sql`drop function ${sql.raw(name)}()`.execute(handle.db);
      };
    }
    await sql`create trigger ${sql.raw(name)} after insert on audit_event
      when new.organization_id = ${org}
      begin select raise(abort, 'commit refused by the test'); end`.execute(handle.db);
    return async () => {
      await sql`drop trigger ${sql.raw(name)}`.execute(handle.db);
    };
  }

  it('gets no 2xx, leaves nothing stored, and the same submission succeeds once commits work', async () => {
    const fixture = await caseWithOpenRequest(handle.db, time.clock);
    const orgId = fixture.practice.organization.id;
    const opened = await app.inject({ method: 'GET', url: `/q/${fixture.token}` });
    const cookie = opened.cookies.find((c) => c.name === VISIT_COOKIE)!.value;
    const submit = () =>
      app.inject({
        method: 'POST',
        url: '/api/public/questionnaire/responses',
        headers: { cookie: `${VISIT_COOKIE}=${cookie}` },
        payload: { submissionId, instrumentId: 'wai-sr', answers: waiAnswers(4) },
      });
    const submissionId = randomUUID();
    const stored = async () => ({
      responses: await handle.db
        .selectFrom('questionnaire_response')
        .select('id')
        .where('organization_id', '=', orgId)
        .execute(),
      scores: await handle.db
        .selectFrom('score')
        .select('id')
        .where('organization_id', '=', orgId)
        .execute(),
      jobs: await handle.db
        .selectFrom('job')
        .select('id')
        .where('organization_id', '=', orgId)
        .where('type', '=', 'alerts.recompute')
        .execute(),
    });

    const allow = await refuseCommits(orgId);
    const refused = await submit();
    await allow();
    expect(refused.statusCode).toBe(500);
    expect(await stored()).toEqual({ responses: [], scores: [], jobs: [] });

    const retried = await submit();
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ stored: true });
    const after = await stored();
    expect(after.responses).toEqual([{ id: retried.json().responseId }]);
    expect(after.scores.length).toBeGreaterThan(0);
    expect(after.jobs).toHaveLength(1);
  });
});
