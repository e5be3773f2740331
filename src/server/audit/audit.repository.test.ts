import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from './audit.repository.ts';
import { recordAudit } from './audit.service.ts';

describe.each(testDialects)('audit trail on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('records events and filters them, newest first', async () => {
    const { organization } = await createTestPractice(handle.db);
    let t = Date.parse('2026-11-01T09:00:00Z');
    const clock = () => new Date((t += 1000));
    const base = {
      organizationId: organization.id,
      actorType: 'staff' as const,
      entityType: 'care_case' as const,
    };
    await recordAudit(handle.db, clock, {
      ...base,
      actorId: 'u1',
      action: 'case.read',
      entityId: 'c1',
    });
    await recordAudit(handle.db, clock, {
      ...base,
      actorId: 'u2',
      action: 'case.read',
      entityId: 'c2',
      outcome: 'denied',
      ip: '127.0.0.1',
    });
    await recordAudit(handle.db, clock, {
      ...base,
      actorId: 'u1',
      action: 'session.update',
      entityId: 'c1',
      details: { count: 2 },
    });

    const all = await listAuditEvents(handle.db, organization.id);
    expect(all.map((e) => e.action)).toEqual(['session.update', 'case.read', 'case.read']);
    expect(all[0]).toMatchObject({
      details: { count: 2 },
      outcome: 'success',
      occurredAt: '2026-11-01T09:00:03.000Z',
    });
    expect((await listAuditEvents(handle.db, organization.id, { actorId: 'u2' }))[0]).toMatchObject(
      { outcome: 'denied', ip: '127.0.0.1' },
    );
    expect(
      await listAuditEvents(handle.db, organization.id, { entityId: 'c1', action: 'case.read' }),
    ).toHaveLength(1);
    expect(
      await listAuditEvents(handle.db, organization.id, {
        from: '2026-11-01T09:00:02.000Z',
        to: '2026-11-01T09:00:03.000Z',
      }),
    ).toHaveLength(1);
  });

  it("never shows another organization's audit events", async () => {
    const mine = await createTestPractice(handle.db);
    const theirs = await createTestPractice(handle.db);
    await recordAudit(handle.db, () => new Date(), {
      organizationId: theirs.organization.id,
      actorType: 'system',
      actorId: null,
      action: 'case.read',
      entityType: 'care_case',
      entityId: 'x',
    });
    expect(await listAuditEvents(handle.db, mine.organization.id)).toEqual([]);
  });
});
