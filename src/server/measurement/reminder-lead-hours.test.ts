import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCase, createTestPractice } from '../../../test/helpers/factories.ts';
import { TEST_SECRET } from '../../../test/helpers/questionnaire-fixture.ts';
import { createStaffWithPassword, signedIn } from '../../../test/helpers/auth-client.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { listRequestsForSession } from './questionnaire-request.repository.ts';
import { QUESTIONNAIRE_REMIND_JOB } from './request-delivery.service.ts';
import { insertTestPlan } from '../../../test/helpers/plan.fixture.ts';

// RAPPORT_REMINDER_LEAD_HOURS travels config → buildApp → attendance → the reminder job.
describe.each(testDialects)('reminder lead time from the configuration, on %s', (dialect) => {
  let handle: DatabaseHandle;
  const now = Date.parse('2026-11-02T12:00:00Z');
  const clock = () => new Date(now);

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function reminderAfterAttendance(reminderLeadHours: number | undefined) {
    const app = await buildApp({
      db: handle.db,
      dialect,
      clock,
      secret: TEST_SECRET,
      auth: { ...defaultAuthSettings, mode: 'password-only' },
      ...(reminderLeadHours !== undefined && { reminderLeadHours }),
    });
    try {
      const practice = await createTestPractice(handle.db);
      const therapist = await createStaffWithPassword(handle.db, practice, 'therapist');
      await insertTestPlan(handle.db, practice);
      const made = await createTestCase(handle.db, practice, therapist.id, {
        attendance: ['scheduled'],
      });
      await handle.db
        .updateTable('client')
        .set({ email: `client-${randomUUID().slice(0, 8)}@test.example` })
        .where('id', '=', made.clients[0]!.id)
        .execute();
      const session = made.sessions[0]!;
      const client = await signedIn(app, therapist.email);
      const marked = await client.call('POST', `/api/sessions/${session.id}/attendance`, {
        attendance: 'attended',
      });
      expect(marked.statusCode).toBe(200);
      const [request] = await listRequestsForSession(
        handle.db,
        practice.organization.id,
        session.id,
      );
      const reminder = await handle.db
        .selectFrom('job')
        .select('run_at')
        .where('organization_id', '=', practice.organization.id)
        .where('type', '=', QUESTIONNAIRE_REMIND_JOB)
        .executeTakeFirstOrThrow();
      return (Date.parse(request!.expiresAt) - Date.parse(reminder.run_at)) / 3_600_000;
    } finally {
      await app.close();
    }
  }

  it('sends the reminder the configured number of hours before the link expires', async () => {
    expect(await reminderAfterAttendance(6)).toBe(6);
    expect(await reminderAfterAttendance(48)).toBe(48);
  });

  it('defaults to 24 hours', async () => {
    expect(await reminderAfterAttendance(undefined)).toBe(24);
  });
});
