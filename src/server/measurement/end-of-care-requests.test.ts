import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANCE_SECRET } from '../../../test/helpers/auth-client.ts';
import { createTestCase } from '../../../test/helpers/factories.ts';
import { everySession, insertTestPlan } from '../../../test/helpers/plan.fixture.ts';
import { answerByLink } from '../../../test/helpers/questionnaire-fixture.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { runJobsUntilIdle } from '../../../test/helpers/run-jobs.ts';
import { type SmtpListener, startSmtpListener } from '../../../test/helpers/smtp-listener.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { PlanEntry } from '../../core/measurement/measurement-plan.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { questionnaireMailJobs } from './questionnaire-mail.job.ts';

/** Issue 19, item 2: the WAI-SR after every session; the WHO-5 and the therapist's rating at the end. */
const plan: PlanEntry[] = [
  everySession('wai-sr'),
  { instrumentId: 'who-5', respondent: 'client-member', schedule: { kind: 'end-of-care' } },
  {
    instrumentId: 'therapist-session-rating',
    respondent: 'therapist',
    schedule: { kind: 'end-of-care' },
  },
];

describe.each(testDialects)('requests at the end of care, on %s', (dialect) => {
  // The factory's sessions are on 2, 9 and 16 November; 1 and 2 attended, 3 scheduled.
  const time = useTestClock('2026-11-20T12:00:00Z');
  const t = useTestApp(dialect, time.clock);
  let smtp: SmtpListener;
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  const requestsOf = (caseId: string) =>
    t.db
      .selectFrom('questionnaire_request')
      .select(['id', 'session_id', 'respondent_kind', 'instruments', 'status', 'occasion'])
      .where('case_id', '=', caseId)
      .orderBy('respondent_kind')
      .execute();

  it('closing asks the end-of-care forms once, against the last attended session, by mail', async () => {
    const p = await createRolePractice(t.db);
    await insertTestPlan(t.db, p.practice, { entries: plan });
    const { careCase, clients, sessions } = p.case1;
    const address = `client-${careCase.id.slice(0, 8)}@test.example`;
    await t.db
      .updateTable('client')
      .set({ email: address })
      .where('id', '=', clients[0]!.id)
      .execute();
    const admin = await t.signedIn(p.staff.admin.email);
    const url = `/api/case-records/${careCase.id}`;

    const closed = await admin.call('POST', `${url}/close`, { reason: 'completed' });
    expect(closed.statusCode, closed.body).toBe(200);
    const made = await requestsOf(careCase.id);
    // Only the end-of-care forms, each respondent once, on session 2 (the last attended).
    expect(made.map((r) => [r.respondent_kind, JSON.parse(r.instruments), r.occasion])).toEqual([
      ['client', ['who-5'], 'end-of-care'],
      ['therapist', ['therapist-session-rating'], 'end-of-care'],
    ]);
    expect(made.every((r) => r.session_id === sessions[1]!.id && r.status === 'open')).toBe(true);
    const closeEvent = (await listAuditEvents(t.db, p.practice.organization.id)).find(
      (e) => e.action === 'case.close',
    );
    expect(closeEvent?.details).toMatchObject({ reason: 'completed', endOfCare: 2 });

    // Delivered as any request: one mail with the client's link, which opens the form.
    await runJobsUntilIdle({
      db: t.db,
      dialect,
      clock: time.clock,
      handlers: questionnaireMailJobs({
        db: t.db,
        clock: time.clock,
        mailer: smtp.mailer,
        publicUrl: 'https://rapport.test.example',
        secret: TEST_INSTANCE_SECRET,
      }),
    });
    const mails = smtp.received.filter((m) => m.to.includes(address));
    expect(mails).toHaveLength(1);
    const token = mails[0]!.body
      .replace(/=\r?\n/g, '')
      .match(/https:\/\/rapport\.test\.example\/q\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();
    // The client answers it although the case is closed: the request is what is open.
    await answerByLink(t.app, token!, [
      { instrumentId: 'who-5', answers: { 1: 3, 2: 3, 3: 4, 4: 2, 5: 3 } },
    ]);
    const answered = await requestsOf(careCase.id);
    expect(answered.find((r) => r.respondent_kind === 'client')?.status).toBe('completed');
    // Its therapist reads the answer on session 2's page, as an end-of-care form.
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const read = await therapist.call('GET', `/api/sessions/${sessions[1]!.id}/answers`);
    expect(read.statusCode, read.body).toBe(200);
    const forms = (read.json() as { forms: { instrumentId: string; occasion: string }[] }).forms;
    expect(forms.map((f) => [f.instrumentId, f.occasion])).toEqual([['who-5', 'end-of-care']]);

    // Closed twice: refused, nothing new. Reopened, session 3 attended, closed again: the
    // end-of-care forms were asked already, so only session 3's own request is new.
    expect((await admin.call('POST', `${url}/close`, { reason: 'other' })).statusCode).toBe(409);
    expect((await admin.call('POST', `${url}/reopen`)).statusCode).toBe(200);
    const attended = await therapist.call('POST', `/api/sessions/${sessions[2]!.id}/attendance`, {
      attendance: 'attended',
    });
    expect(attended.statusCode, attended.body).toBe(200);
    expect((await admin.call('POST', `${url}/close`, { reason: 'completed' })).statusCode).toBe(
      200,
    );
    const after = await requestsOf(careCase.id);
    expect(after.filter((r) => r.occasion === 'end-of-care').map((r) => r.id)).toEqual(
      made.map((r) => r.id),
    );
    expect(
      after
        .filter((r) => r.occasion === 'session')
        .map((r) => [r.session_id, JSON.parse(r.instruments)]),
    ).toEqual([[sessions[2]!.id, ['wai-sr']]]);
  });

  it("tells the therapist which of a session's requests closing the case asked", async () => {
    const p = await createRolePractice(t.db);
    await insertTestPlan(t.db, p.practice, { entries: plan });
    const { careCase, sessions } = p.case1;
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const last = sessions[2]!.id;
    const attended = await therapist.call('POST', `/api/sessions/${last}/attendance`, {
      attendance: 'attended',
    });
    expect(attended.statusCode, attended.body).toBe(200);
    const admin = await t.signedIn(p.staff.admin.email);
    const closed = await admin.call('POST', `/api/case-records/${careCase.id}/close`, {
      reason: 'completed',
    });
    expect(closed.statusCode, closed.body).toBe(200);

    // Session 3's own WAI-SR and, beside it, the end-of-care forms, each said for what it is.
    const expected = [
      ['client', ['wai-sr'], 'session'],
      ['client', ['who-5'], 'end-of-care'],
      ['therapist', ['therapist-session-rating'], 'end-of-care'],
    ];
    type Asked = { respondentKind: string; instruments: string[]; occasion: string };
    const sorted = (rows: Asked[]) =>
      rows
        .map((r) => [r.respondentKind, r.instruments, r.occasion])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const listed = await therapist.call('GET', `/api/sessions/${last}/requests`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(sorted((listed.json() as { requests: Asked[] }).requests)).toEqual(expected);
    const view = await therapist.call('GET', `/api/cases/${careCase.id}`);
    expect(view.statusCode, view.body).toBe(200);
    const forms = (view.json() as { sessions: { id: string; forms: Asked[] }[] }).sessions.find(
      (s) => s.id === last,
    )?.forms;
    expect(sorted(forms ?? [])).toEqual(expected);
  });

  it('closes a case with no attended session and asks nothing', async () => {
    const p = await createRolePractice(t.db);
    await insertTestPlan(t.db, p.practice, { entries: plan });
    const made = await createTestCase(t.db, p.practice, p.staff.therapist1.id, {
      attendance: ['scheduled', 'cancelled'],
    });
    const admin = await t.signedIn(p.staff.admin.email);
    const closed = await admin.call('POST', `/api/case-records/${made.careCase.id}/close`, {
      reason: 'dropped-out',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect(await requestsOf(made.careCase.id)).toEqual([]);
  });
});
