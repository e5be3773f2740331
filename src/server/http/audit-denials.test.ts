import { describe, expect, it } from 'vitest';
import { authClient, createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestCase } from '../../../test/helpers/factories.ts';
import { createSupervisedPractice, useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';

describe.each(testDialects)('denied requests in the audit trail, on %s', (dialect) => {
  const clock = () => new Date('2026-11-02T12:00:00Z');
  const api = useTestApp(dialect, clock);

  it('records who was turned away from which record, and nothing for everyone else', async () => {
    const { practice, therapist, supervisor } = await createSupervisedPractice(api.db, clock);
    const colleague = await createStaffWithPassword(api.db, practice, 'therapist');
    const { careCase, sessions } = await createTestCase(api.db, practice, therapist.id);
    const sessionUrl = `/api/sessions/${sessions[0]!.id}`;

    const own = await api.signedIn(therapist.email);
    expect((await own.call('GET', sessionUrl)).statusCode).toBe(200);
    const other = await api.signedIn(colleague.email);
    expect((await other.call('GET', sessionUrl)).statusCode).toBe(404);
    const reader = await api.signedIn(supervisor.email);
    const patch = await reader.call('PATCH', sessionUrl, { modality: 'video' });
    expect(patch.statusCode).toBe(403);
    // The case page audits its own attempts (as case.read), so no second row for it.
    expect((await other.call('GET', `/api/cases/${careCase.id}`)).statusCode).toBe(404);
    // Signed out, or on a public route: nobody to name, nothing written.
    expect((await authClient(api.app).call('GET', sessionUrl)).statusCode).toBe(401);
    await other.call('GET', '/api/public/organizations/no-such-practice');

    // The row is written once the answer has gone (onResponse), so wait for it.
    const deniedRows = () =>
      listAuditEvents(api.db, practice.organization.id, { action: 'access.denied' });
    await expect.poll(async () => (await deniedRows()).length).toBe(2);
    const denied = await deniedRows();
    expect(
      denied.map((e) => [e.actorId, e.entityType, e.entityId, e.outcome, e.details]).reverse(),
    ).toEqual([
      [
        colleague.id,
        'route',
        sessions[0]!.id,
        'denied',
        { route: '/api/sessions/:sessionId', method: 'GET', status: 404 },
      ],
      [
        supervisor.id,
        'route',
        sessions[0]!.id,
        'denied',
        { route: '/api/sessions/:sessionId', method: 'PATCH', status: 403 },
      ],
    ]);
    expect(denied.every((e) => e.ip !== null && e.requestId !== null)).toBe(true);
    const caseReads = await listAuditEvents(api.db, practice.organization.id, {
      action: 'case.read',
    });
    expect(caseReads.map((e) => [e.actorId, e.outcome])).toEqual([[colleague.id, 'denied']]);
  });
});
