import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { listAuditEvents } from './audit.repository.ts';
import { recordStaffAudit } from './audit.service.ts';

describe.each(testDialects)('staff audit rows on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('fill who, from where and when; the call site names only what happened', async () => {
    const { organization } = await createTestPractice(handle.db);
    const clock = () => new Date('2026-12-04T09:30:00Z');
    const actor = { organizationId: organization.id, userId: 'staff-1', sessionId: 's1' };
    const origin = { ip: '192.0.2.7', requestId: 'req-1' };
    await recordStaffAudit(handle.db, clock, actor, origin, {
      action: 'case.read',
      entityType: 'care_case',
      entityId: 'case-1',
      details: { sessions: 3 },
    });
    await recordStaffAudit(
      handle.db,
      clock,
      { organizationId: organization.id, userId: null },
      origin,
      {
        action: 'auth.login',
        entityType: 'staff_user',
        entityId: null,
        outcome: 'denied',
      },
    );
    const [denied, read] = await listAuditEvents(handle.db, organization.id);
    expect(read).toMatchObject({
      organizationId: organization.id,
      occurredAt: '2026-12-04T09:30:00.000Z',
      actorType: 'staff',
      actorId: 'staff-1',
      action: 'case.read',
      entityType: 'care_case',
      entityId: 'case-1',
      outcome: 'success',
      ip: '192.0.2.7',
      requestId: 'req-1',
      details: { sessions: 3 },
    });
    expect(denied).toMatchObject({ actorId: null, outcome: 'denied', details: {} });
  });
});

// Never called: `tsc --noEmit` fails if any of these lines stops being a type error, so the
// vocabulary stays closed at compile time.
export function wordsOutsideTheVocabularyDoNotCompile(handle: DatabaseHandle) {
  const actor = { organizationId: 'o', userId: 'u' };
  const origin = { ip: null, requestId: null };
  const clock = () => new Date();
  return [
    recordStaffAudit(handle.db, clock, actor, origin, {
      action: 'case.read',
      // @ts-expect-error -- a case is `care_case`, never `case`
      entityType: 'case',
      entityId: null,
    }),
    recordStaffAudit(handle.db, clock, actor, origin, {
      // @ts-expect-error -- not an action of the audit vocabulary
      action: 'case.peek',
      entityType: 'care_case',
      entityId: null,
    }),
  ];
}
