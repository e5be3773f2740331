import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PASSWORD,
  authClient,
  createStaffWithPassword,
} from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { runJobsUntilIdle } from '../../../test/helpers/run-jobs.ts';
import {
  type ReceivedMail,
  type SmtpListener,
  startSmtpListener,
} from '../../../test/helpers/smtp-listener.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { countJobsByStatus } from '../jobs/job.repository.ts';
import { type AuthSettings, defaultAuthSettings } from './auth-settings.ts';
import { PASSWORD_RESET_MAIL_JOB } from './password.service.ts';
import { passwordResetMailJob } from './password-reset-mail.job.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

/** The link in a received mail (quoted-printable soft breaks undone). */
const linkIn = (mail: ReceivedMail) => {
  const text = mail.body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return text.match(/https?:\/\/\S+\/reset-password#token=([A-Za-z0-9_-]+)/);
};

const settings: AuthSettings = { ...defaultAuthSettings, passwordResetsPerAddress: 3 };

describe.each(testDialects)('password reset by e-mail on %s', (dialect) => {
  let smtp: SmtpListener;
  const time = useTestClock('2026-11-23T09:00:00Z');
  const clock = time.clock;
  const api = useTestApp(dialect, clock, { auth: { ...settings, mode: 'password-only' } });
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  // Other test files share PostgreSQL's job table: run until our mail has gone.
  const runMailJobs = () =>
    runJobsUntilIdle({
      db: api.db,
      dialect,
      clock,
      handlers: {
        [PASSWORD_RESET_MAIL_JOB]: passwordResetMailJob({
          db: api.db,
          clock,
          mailer: smtp.mailer,
          publicUrl: 'https://rapport.test.example',
        }),
      },
    });

  it('mails a single-use link that sets a new password and ends every session', async () => {
    const practice = await createTestPractice(api.db);
    const user = await createStaffWithPassword(api.db, practice);
    const earlier = await api.signedIn(user.email);

    const visitor = authClient(api.app);
    const ask = await visitor.call('POST', '/api/auth/password-reset', { email: user.email });
    expect(ask.statusCode).toBe(202);
    // Sent through the jobs table, once, even if the worker runs again.
    await runMailJobs();
    await runMailJobs();
    const mails = smtp.received.filter((m) => m.to.includes(user.email));
    expect(mails).toHaveLength(1);
    const match = linkIn(mails[0]!);
    expect(match?.[0]).toMatch(/^https:\/\/rapport\.test\.example\/reset-password#token=/);
    const token = match![1]!;

    // A refused password does not spend the link.
    const weak = await visitor.call('POST', '/api/auth/password-reset/confirm', {
      token,
      password: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    const done = await visitor.call('POST', '/api/auth/password-reset/confirm', {
      token,
      password: 'lanterns over the harbour',
    });
    expect(done.statusCode).toBe(204);
    const again = await visitor.call('POST', '/api/auth/password-reset/confirm', {
      token,
      password: 'another harbour lantern',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('token');

    expect((await earlier.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
    const old = await visitor.call('POST', '/api/auth/login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(old.statusCode).toBe(401);
    const fresh = await visitor.call('POST', '/api/auth/login', {
      email: user.email,
      password: 'lanterns over the harbour',
    });
    expect(fresh.statusCode).toBe(200);

    const events = await listAuditEvents(api.db, practice.organization.id);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'auth.password-reset.request',
        'auth.password-reset.mail',
        'auth.password-reset.complete',
      ]),
    );
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('lets a link expire', async () => {
    const practice = await createTestPractice(api.db);
    const user = await createStaffWithPassword(api.db, practice);
    const visitor = authClient(api.app);
    await visitor.call('POST', '/api/auth/password-reset', { email: user.email });
    await runMailJobs();
    const token = linkIn(smtp.received.filter((m) => m.to.includes(user.email))[0]!)![1]!;
    time.advance(settings.passwordResetLifetimeMs + 1000);
    const late = await visitor.call('POST', '/api/auth/password-reset/confirm', {
      token,
      password: 'lanterns over the harbour',
    });
    expect(late.statusCode).toBe(400);
  });

  it('answers the same for an unknown address, sends nothing, and limits requests per address', async () => {
    const before = smtp.received.length;
    const visitor = authClient(api.app);
    const unknown = await visitor.call('POST', '/api/auth/password-reset', {
      email: `nobody-${visitor.address}@test.example`,
    });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({ status: 'accepted' });
    await runMailJobs();
    expect(smtp.received.length).toBe(before);
    for (let i = 1; i < settings.passwordResetsPerAddress; i++)
      await visitor.call('POST', '/api/auth/password-reset', { email: `x${i}@test.example` });
    const limited = await visitor.call('POST', '/api/auth/password-reset', {
      email: 'y@test.example',
    });
    expect(limited.statusCode).toBe(429);
    expect(await countJobsByStatus(api.db, PASSWORD_RESET_MAIL_JOB)).toMatchObject({
      failed: 0,
    });
  });
});
