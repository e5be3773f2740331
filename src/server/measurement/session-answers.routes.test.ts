import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword, signedIn } from '../../../test/helpers/auth-client.ts';
import { everySession } from '../../../test/helpers/plan.fixture.ts';
import {
  answerByLink,
  caseWithOpenRequest,
  waiAnswers,
} from '../../../test/helpers/questionnaire-fixture.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { insertSupervision } from '../staff/staff.repository.ts';

const FREE_TEXT = 'Money worries this week <b>bold</b>';

describe.each(testDialects)("a session's answers, on %s", (dialect) => {
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

  const answer = (token: string, forms: { instrumentId: string; answers: object }[]) =>
    answerByLink(app, token, forms);

  async function answeredSession() {
    const f = await caseWithOpenRequest(handle.db, time.clock, {
      entries: [everySession('wai-sr'), everySession('phq-9'), everySession('session-feedback')],
    });
    await answer(f.token, [
      { instrumentId: 'wai-sr', answers: waiAnswers(4) },
      // Item 8 left out; item 9 answered "More than half the days": a risk.
      {
        instrumentId: 'phq-9',
        answers: { '1': 1, '2': 1, '3': 0, '4': 2, '5': 0, '6': 1, '7': 0, '9': 2 },
      },
      {
        instrumentId: 'session-feedback',
        answers: { '1': 'The breathing exercise', '3': 0, '5': FREE_TEXT },
      },
    ]);
    return f;
  }

  it('shows the therapist every answer in its wording, risk items first, and audits the read without answers', async () => {
    const f = await answeredSession();
    const therapist = await signedIn(app, f.therapist.email);
    const read = await therapist.call('GET', `/api/sessions/${f.session.id}/answers`);
    expect(read.statusCode).toBe(200);
    const body = read.json();
    expect(body.sessionId).toBe(f.session.id);
    expect(body.risks).toEqual([
      expect.objectContaining({
        instrumentId: 'phq-9',
        itemId: '9',
        value: 2,
        label: 'More than half the days',
        respondentName: f.clients[0]!.givenName,
      }),
    ]);
    expect(body.risks[0].text).toMatch(/better off dead/);
    expect(body.forms.map((form: { instrumentId: string }) => form.instrumentId).sort()).toEqual([
      'phq-9',
      'session-feedback',
      'wai-sr',
    ]);
    const byId = (id: string) =>
      body.forms.find((form: { instrumentId: string }) => form.instrumentId === id);
    const wai = byId('wai-sr');
    expect(wai).toMatchObject({
      respondentKind: 'client',
      respondentName: f.clients[0]!.givenName,
      instrumentVersion: expect.any(String),
      language: 'en',
      submittedAt: '2026-11-02T12:00:00.000Z',
    });
    expect(wai.items[0]).toEqual({
      id: '1',
      type: 'choice',
      text: 'As a result of these sessions I am clearer as to how I might be able to change.',
      value: 4,
      label: 'Very Often',
      freeText: null,
      answered: true,
      flags: [],
    });
    // The WAI-SR's blank is the therapist's name, as the client read it.
    expect(wai.items.map((i: { text: string }) => i.text).join(' ')).toContain(
      f.therapist.displayName,
    );
    const phq = byId('phq-9');
    expect(phq.flags).toContain('risk');
    expect(phq.items.find((i: { id: string }) => i.id === '8')).toMatchObject({
      answered: false,
      value: null,
      label: null,
    });
    expect(phq.items.find((i: { id: string }) => i.id === '9')).toMatchObject({
      value: 2,
      flags: ['risk'],
    });
    const feedback = byId('session-feedback');
    expect(feedback.items.find((i: { id: string }) => i.id === '5')).toMatchObject({
      type: 'text',
      freeText: FREE_TEXT,
      answered: true,
    });
    expect(feedback.items.find((i: { id: string }) => i.id === '2')).toMatchObject({
      freeText: null,
      answered: false,
    });

    const audit = await listAuditEvents(handle.db, f.practice.organization.id, {
      action: 'session.answers.read',
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: f.therapist.id,
      entityType: 'session',
      entityId: f.session.id,
      details: { caseId: f.session.caseId, responses: 3, risks: 1 },
    });
    const trail = JSON.stringify(await handle.db.selectFrom('audit_event').selectAll().execute());
    expect(trail).not.toContain('Money worries');
    expect(trail).not.toContain('breathing');
  });

  it('lets the supervisor read; a colleague, an admin and another organization get 404', async () => {
    const f = await answeredSession();
    const supervisor = await createStaffWithPassword(handle.db, f.practice, 'supervisor');
    await insertSupervision(handle.db, f.practice.organization.id, supervisor.id, f.therapist.id);
    const colleague = await createStaffWithPassword(handle.db, f.practice, 'therapist');
    const admin = await createStaffWithPassword(handle.db, f.practice, 'admin');
    const stranger = await caseWithOpenRequest(handle.db, time.clock);
    const url = `/api/sessions/${f.session.id}/answers`;

    const supervised = await (await signedIn(app, supervisor.email)).call('GET', url);
    expect(supervised.statusCode).toBe(200);
    expect(supervised.json().forms).toHaveLength(3);
    for (const email of [colleague.email, admin.email, stranger.therapist.email]) {
      const refused = await (await signedIn(app, email)).call('GET', url);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).not.toContain('Money worries');
    }
    const anonymous = await app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers an empty list for a session nobody has answered yet', async () => {
    const f = await caseWithOpenRequest(handle.db, time.clock);
    const read = await (
      await signedIn(app, f.therapist.email)
    ).call('GET', `/api/sessions/${f.session.id}/answers`);
    expect(read.json()).toEqual({
      sessionId: f.session.id,
      caseId: f.session.caseId,
      risks: [],
      forms: [],
    });
  });
});
