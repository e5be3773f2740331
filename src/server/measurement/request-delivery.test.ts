import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { TEST_SECRET, waiAnswers } from '../../../test/helpers/questionnaire-fixture.ts';
import { runJobsUntilIdle } from '../../../test/helpers/run-jobs.ts';
import {
  type ReceivedMail,
  type SmtpListener,
  startSmtpListener,
} from '../../../test/helpers/smtp-listener.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { createSmtpMailer } from '../mail/mailer.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import { recordAttendance } from './record-attendance.service.ts';
import { listSessionRequests } from './session-requests.service.ts';
import { questionnaireMailJobs } from './questionnaire-mail.job.ts';
import { listRequestsForSession } from './questionnaire-request.repository.ts';
import { QUESTIONNAIRE_DELIVER_JOB, QUESTIONNAIRE_REMIND_JOB } from './request-delivery.service.ts';
import { submitResponse } from './submit-response.service.ts';
import { VISIT_COOKIE } from './questionnaire.routes.ts';
import { insertTestPlan } from '../../../test/helpers/plan.fixture.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

/** A mail's text with quoted-printable undone (soft breaks, escaped bytes as UTF-8). */
const decoded = (mail: ReceivedMail) => {
  const [, ...rest] = mail.body.split(/\r?\n\r?\n/);
  const qp = rest.join('\n\n').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < qp.length; i++) {
    if (qp[i] === '=' && /^[0-9A-F]{2}$/.test(qp.slice(i + 1, i + 3))) {
      bytes.push(parseInt(qp.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(qp.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
};
const linkIn = (text: string) =>
  text.match(/https:\/\/rapport\.test\.example\/q\/([A-Za-z0-9_-]{43})/)?.[1];

describe.each(testDialects)('questionnaire links by e-mail, on %s', (dialect) => {
  let smtp: SmtpListener;
  const time = useTestClock('2026-11-02T12:00:00Z');
  const clock = time.clock;
  const logged: object[] = [];

  const api = useTestApp(dialect, clock, { auth: defaultAuthSettings, secret: TEST_SECRET });
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  // Other test files share PostgreSQL's job table: run until nothing due is left.
  const runMailJobs = () =>
    runJobsUntilIdle({
      db: api.db,
      dialect,
      clock,
      logger: { info: (o) => logged.push(o), error: (o) => logged.push(o) },
      handlers: questionnaireMailJobs({
        db: api.db,
        clock,
        mailer: smtp.mailer,
        publicUrl: 'https://rapport.test.example',
        secret: TEST_SECRET,
      }),
    });

  /** A family of three: an English and a Spanish speaker with addresses, one without. */
  async function familyAfterSession() {
    const practice = await createTestPractice(api.db);
    const therapist = await createTestStaff(api.db, practice);
    await insertTestPlan(api.db, practice);
    const made = await createTestCase(api.db, practice, therapist.id, {
      type: 'family',
      members: 3,
      attendance: ['scheduled'],
    });
    const [english, spanish, silent] = made.clients as [
      (typeof made.clients)[0],
      (typeof made.clients)[0],
      (typeof made.clients)[0],
    ];
    const addresses = {
      english: `client-${randomUUID().slice(0, 8)}@test.example`,
      spanish: `cliente-${randomUUID().slice(0, 8)}@test.example`,
    };
    await api.db
      .updateTable('client')
      .set({ email: addresses.english })
      .where('id', '=', english.id)
      .execute();
    await api.db
      .updateTable('client')
      .set({ email: addresses.spanish, preferred_language: 'es' })
      .where('id', '=', spanish.id)
      .execute();
    const session = made.sessions[0]!;
    const attend = () =>
      recordAttendance(
        api.db,
        clock,
        TEST_SECRET,
        { organizationId: practice.organization.id, sessionId: session.id, attendance: 'attended' },
        { type: 'staff', id: therapist.id },
      );
    await attend();
    const requests = await listRequestsForSession(api.db, practice.organization.id, session.id);
    const requestOf = (clientId: string) => requests.find((r) => r.clientId === clientId)!;
    return {
      practice,
      therapist,
      ...made,
      session,
      attend,
      addresses,
      english,
      spanish,
      silent,
      requestOf,
    };
  }

  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  it('mails each client with an address their link once, in their language, with no clinical detail', async () => {
    const f = await familyAfterSession();
    const jobs = await api.db
      .selectFrom('job')
      .select(['type', 'payload', 'run_at'])
      .where('organization_id', '=', f.practice.organization.id)
      .where('type', 'in', [QUESTIONNAIRE_DELIVER_JOB, QUESTIONNAIRE_REMIND_JOB])
      .execute();
    // A delivery and a reminder per client with an address; nothing for the third member
    // (attendance also queues other work, e.g. the interview-task sync, not counted here).
    expect(jobs.map((j) => j.type).sort()).toEqual([
      QUESTIONNAIRE_DELIVER_JOB,
      QUESTIONNAIRE_DELIVER_JOB,
      QUESTIONNAIRE_REMIND_JOB,
      QUESTIONNAIRE_REMIND_JOB,
    ]);
    expect(JSON.stringify(jobs)).not.toContain('@');
    expect(JSON.stringify(jobs)).not.toContain(f.silent.id);

    await runMailJobs();
    await f.attend(); // marked attended again: nothing new is queued
    await runMailJobs();
    expect(mailsTo(f.addresses.english)).toHaveLength(1);
    expect(mailsTo(f.addresses.spanish)).toHaveLength(1);

    const english = decoded(mailsTo(f.addresses.english)[0]!);
    const spanish = decoded(mailsTo(f.addresses.spanish)[0]!);
    expect(english).toContain(
      `Your therapist at ${f.practice.organization.name} asks for a minute of feedback about your session.`,
    );
    expect(english).toMatch(/The link works until Thursday, 5 November 2026 at 12:00\./);
    expect(spanish).toContain(
      `Su terapeuta de ${f.practice.organization.name} le pide un minuto de su opinión sobre su sesión.`,
    );
    expect(spanish).toMatch(/El enlace funciona hasta el jueves, 5 de noviembre de 2026/);
    for (const text of [english, spanish]) {
      for (const secret of [
        f.careCase.reference,
        f.english.givenName,
        f.english.familyName,
        f.spanish.givenName,
        'wai',
        'WAI',
        f.practice.clinic.name,
      ])
        expect(text).not.toContain(secret);
    }

    // The mailed link opens the client's own request.
    const token = linkIn(english)!;
    const opened = await api.app.inject({ method: 'GET', url: `/q/${token}` });
    expect(opened.statusCode).toBe(303);
    expect(opened.cookies.find((c) => c.name === VISIT_COOKIE)?.value).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );
    expect(linkIn(spanish)).not.toBe(token);

    const events = await listAuditEvents(api.db, f.practice.organization.id);
    const mailed = events.filter((e) => e.action === 'questionnaire.mail');
    expect(mailed.map((e) => e.entityId).sort()).toEqual(
      [f.requestOf(f.english.id).id, f.requestOf(f.spanish.id).id].sort(),
    );
    const everything = JSON.stringify({ events, logged });
    for (const secret of [f.addresses.english, f.addresses.spanish, token])
      expect(everything).not.toContain(secret);
  });

  it("shows the session's therapist whether each link mail went, and why one did not", async () => {
    /** The session page's list of requests, as the case's therapist reads it. */
    const mailsShown = async (made: Awaited<ReturnType<typeof familyAfterSession>>) => {
      const actor = {
        userId: made.therapist.id,
        organizationId: made.practice.organization.id,
        roles: [{ clinicId: made.practice.clinic.id, role: 'therapist' as const }],
        authSessionId: randomUUID(),
      };
      const { requests } = await listSessionRequests(
        { db: api.db, clock, secret: TEST_SECRET, publicUrl: 'https://rapport.test.example' },
        actor,
        made.session.id,
        { ip: null, requestId: null },
      );
      return (clientId: string) => requests.find((r) => r.id === made.requestOf(clientId).id)!.mail;
    };
    const f = await familyAfterSession();
    expect((await mailsShown(f))(f.english.id)).toEqual({ state: 'queued', reason: null });
    // No address, no mail: nothing to report.
    expect((await mailsShown(f))(f.silent.id)).toBeNull();

    // The Spanish speaker's mailbox refuses for now: retried later; the English one went.
    smtp.rejected.add(f.addresses.spanish);
    await runMailJobs();
    const afterRun = await mailsShown(f);
    expect(afterRun(f.english.id)).toEqual({ state: 'sent', reason: null });
    expect(afterRun(f.spanish.id)).toEqual({ state: 'retrying', reason: null });

    // An install with no mail server: the job ends for good, and the page says why.
    const other = await familyAfterSession();
    await runJobsUntilIdle({
      db: api.db,
      dialect,
      clock,
      handlers: questionnaireMailJobs({
        db: api.db,
        clock,
        mailer: createSmtpMailer(undefined, 'rapport@test.example'),
        publicUrl: 'https://rapport.test.example',
        secret: TEST_SECRET,
      }),
    });
    expect((await mailsShown(other))(other.english.id)).toEqual({
      state: 'not-sent',
      reason: 'no-mail-server',
    });
  });

  it('reminds once, a day before expiry, only those who have not answered', async () => {
    const f = await familyAfterSession();
    await runMailJobs();
    // The English speaker answers; the Spanish speaker does not.
    await submitResponse(
      api.db,
      clock,
      {
        organizationId: f.practice.organization.id,
        requestId: f.requestOf(f.english.id).id,
        submissionId: randomUUID(),
        instrumentId: 'wai-sr',
        answers: waiAnswers(4),
      },
      { type: 'client', id: f.english.id },
    );
    time.set('2026-11-04T11:59:00Z'); // 24 h 1 min before expiry: not yet
    await runMailJobs();
    expect(mailsTo(f.addresses.spanish)).toHaveLength(1);
    time.set('2026-11-04T12:00:00Z');
    await runMailJobs();
    await runMailJobs();
    expect(mailsTo(f.addresses.english)).toHaveLength(1);
    const spanish = mailsTo(f.addresses.spanish);
    expect(spanish).toHaveLength(2);
    const reminder = decoded(spanish[1]!);
    expect(reminder).toContain('Un recordatorio:');
    expect(linkIn(reminder)).toBe(linkIn(decoded(spanish[0]!)));
    const events = await listAuditEvents(api.db, f.practice.organization.id);
    expect(
      events.filter((e) => e.action === 'questionnaire.remind').map((e) => e.entityId),
    ).toEqual([f.requestOf(f.spanish.id).id]);
  });

  it('sends nothing for a request revoked before its mail went', async () => {
    const f = await familyAfterSession();
    await recordAttendance(
      api.db,
      clock,
      TEST_SECRET,
      {
        organizationId: f.practice.organization.id,
        sessionId: f.session.id,
        attendance: 'no-show',
      },
      { type: 'staff', id: f.therapist.id },
    );
    await runMailJobs();
    time.set('2026-11-04T12:00:00Z');
    await runMailJobs();
    expect(mailsTo(f.addresses.english)).toHaveLength(0);
    expect(mailsTo(f.addresses.spanish)).toHaveLength(0);
  });
});
