import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import type { DatabaseHandle } from '../db/database.ts';
import * as migration from '../db/migrations/2026-12-04-audit-vocabulary.ts';
import { listAuditEvents } from './audit.repository.ts';

describe.each(testDialects)('migration 2026-12-04-audit-vocabulary on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  /** Rows as versions before the migration wrote them (the database is already migrated). */
  async function insertOldRows(organizationId: string) {
    const row = (action: string, entityType: string, entityId: string, details: object) => ({
      organization_id: organizationId,
      occurred_at: '2026-12-01T10:00:00.000Z',
      actor_type: 'staff' as const,
      actor_id: 'staff-1',
      action,
      entity_type: entityType,
      entity_id: entityId,
      outcome: action === 'access.denied' ? ('denied' as const) : ('success' as const),
      ip: '192.0.2.1',
      request_id: 'req-1',
      details: JSON.stringify(details),
    });
    await handle.db
      .insertInto('audit_event')
      .values([
        row('case.read', 'case', 'case-1', { sessions: 2 }),
        row('session.list', 'case', 'case-1', { sessions: 2 }),
        row('alert.list', 'care_case', 'case-1', { count: 0 }),
        row('access.denied', '/api/sessions/:sessionId', 'session-1', {
          method: 'GET',
          status: 404,
        }),
        row('session.read', 'session', 'session-1', {}),
      ])
      .execute();
  }

  const summary = async (organizationId: string) =>
    (await listAuditEvents(handle.db, organizationId))
      .map((e) => [e.action, e.entityType, e.entityId, e.details])
      .reverse();

  it('names every case care_case and every denial a route, keeping the rest', async () => {
    const { organization } = await createTestPractice(handle.db);
    await insertOldRows(organization.id);
    await migration.up(handle.db);
    const expected = [
      ['case.read', 'care_case', 'case-1', { sessions: 2 }],
      ['session.list', 'care_case', 'case-1', { sessions: 2 }],
      ['alert.list', 'care_case', 'case-1', { count: 0 }],
      [
        'access.denied',
        'route',
        'session-1',
        { route: '/api/sessions/:sessionId', method: 'GET', status: 404 },
      ],
      ['session.read', 'session', 'session-1', {}],
    ];
    expect(await summary(organization.id)).toEqual(expected);
    // Running it again changes nothing.
    await migration.up(handle.db);
    expect(await summary(organization.id)).toEqual(expected);
  });

  // Down rewrites denials of every organization; on the run's shared PostgreSQL database it
  // would race other test files' rows, so it runs on this file's own SQLite database only.
  it('gives denials their route back when rolled back', async () => {
    const { organization } = await createTestPractice(handle.db);
    await insertOldRows(organization.id);
    // Inside a transaction that is rolled back afterwards: on the PostgreSQL database that
    // other test files share, the down migration must not rewrite their rows for good.
    const undone = new Error('roll back');
    const denial = await handle.db
      .transaction()
      .execute(async (trx) => {
        await migration.up(trx);
        await migration.down(trx);
        const events = await listAuditEvents(trx, organization.id);
        const found = events.find((e) => e.action === 'access.denied');
        expect([found?.action, found?.entityType, found?.entityId, found?.details]).toEqual([
          'access.denied',
          '/api/sessions/:sessionId',
          'session-1',
          { method: 'GET', status: 404 },
        ]);
        throw undone;
      })
      .catch((e: unknown) => {
        if (e !== undone) throw e;
        return 'checked';
      });
    expect(denial).toBe('checked');
  });
});
