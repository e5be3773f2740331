import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PASSWORD,
  authClient,
  createStaffWithPassword,
} from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { runJobsUntilIdle } from '../../../test/helpers/run-jobs.ts';
import { type SmtpListener, startSmtpListener } from '../../../test/helpers/smtp-listener.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import { secondFactorResetMailJob } from '../auth/second-factor-reset-mail.job.ts';
import {
  SECOND_FACTOR_RESET_MAIL_JOB,
  resetSecondFactorByEmail,
} from '../auth/second-factor-reset.service.ts';
import { insertClinic } from '../organizations/organization.repository.ts';

describe.each(testDialects)("resetting a colleague's second factor, on %s", (dialect) => {
  const time = useTestClock('2026-12-04T09:00:00Z');
  const clock = time.clock;
  const api = useTestApp(dialect, clock, {
    auth: { ...defaultAuthSettings, loginAttemptsPerAddress: 1000 },
  });
  let smtp: SmtpListener;
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  const code = (secret: string) => generate({ secret, epoch: Math.floor(time.now() / 1000) });
  type Client = ReturnType<typeof authClient>;

  /** A person of the practice, enrolled in TOTP and signed in with both factors. */
  async function enrolled(
    practice: Awaited<ReturnType<typeof createTestPractice>>,
    role: 'admin' | 'therapist',
  ) {
    const user = await createStaffWithPassword(api.db, practice, role);
    const client = authClient(api.app);
    await client.call('POST', '/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    const { secret } = (await client.call('POST', '/api/auth/totp/enrolment')).json();
    const confirm = await client.call('POST', '/api/auth/totp/enrolment/confirm', {
      code: await code(secret),
    });
    expect(confirm.json().state).toBe('signed-in');
    time.advance(30_000);
    return { user, client, secret: secret as string };
  }

  const reset = (admin: Client, staffId: string) =>
    admin.call('DELETE', `/api/admin/staff/${staffId}/second-factor`);

  const secondFactorRows = async (staffUserId: string) => ({
    totp: (
      await api.db
        .selectFrom('staff_totp')
        .select('staff_user_id')
        .where('staff_user_id', '=', staffUserId)
        .execute()
    ).length,
    recoveryCodes: (
      await api.db
        .selectFrom('staff_recovery_code')
        .select('id')
        .where('staff_user_id', '=', staffUserId)
        .execute()
    ).length,
  });

  it('ends their sessions, voids their recovery codes and mails them; they enrol again; audited', async () => {
    const practice = await createTestPractice(api.db);
    const admin = await enrolled(practice, 'admin');
    const colleague = await enrolled(practice, 'therapist');
    expect(await secondFactorRows(colleague.user.id)).toEqual({ totp: 1, recoveryCodes: 10 });

    // The admin signed in with their code 30 s ago: recent enough.
    const done = await reset(admin.client, colleague.user.id);
    expect(done.statusCode).toBe(204);

    expect(await secondFactorRows(colleague.user.id)).toEqual({ totp: 0, recoveryCodes: 0 });
    expect((await colleague.client.call('GET', '/api/auth/session')).json().state).toBe(
      'signed-out',
    );
    const again = authClient(api.app);
    const login = await again.call('POST', '/api/auth/login', {
      email: colleague.user.email,
      password: TEST_PASSWORD,
    });
    expect(login.json().state).toBe('enrol-second-factor');
    // The admin's own session and second factor are untouched.
    expect((await admin.client.call('GET', '/api/auth/session')).json().state).toBe('signed-in');
    expect(await secondFactorRows(admin.user.id)).toEqual({ totp: 1, recoveryCodes: 10 });

    const audit = await listAuditEvents(api.db, practice.organization.id, {
      action: 'auth.second-factor.reset',
    });
    expect(audit).toMatchObject([
      {
        actorType: 'staff',
        actorId: admin.user.id,
        entityId: colleague.user.id,
        outcome: 'success',
      },
    ]);

    const mailJobs = () =>
      runJobsUntilIdle({
        db: api.db,
        dialect,
        clock,
        handlers: {
          [SECOND_FACTOR_RESET_MAIL_JOB]: secondFactorResetMailJob({
            db: api.db,
            clock,
            mailer: smtp.mailer,
            publicUrl: 'https://rapport.test.example',
          }),
        },
      });
    await mailJobs();
    await mailJobs();
    const mails = smtp.received.filter((m) => m.to.includes(colleague.user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain('your second factor was reset');
    expect(mails[0]!.body).not.toContain(admin.user.email);
    expect(
      await listAuditEvents(api.db, practice.organization.id, {
        action: 'auth.second-factor.reset-mail',
      }),
    ).toMatchObject([{ actorType: 'system', entityId: colleague.user.id }]);
  });

  it('asks the admin to give their own code again after 15 minutes', async () => {
    const practice = await createTestPractice(api.db);
    const admin = await enrolled(practice, 'admin');
    const colleague = await enrolled(practice, 'therapist');
    time.advance(15 * 60_000 + 1_000);
    // Keep the session alive (30 minutes idle) without giving a code.
    expect((await admin.client.call('GET', '/api/admin/staff')).statusCode).toBe(200);

    const stale = await reset(admin.client, colleague.user.id);
    expect(stale.statusCode).toBe(403);
    expect(stale.json()).toMatchObject({ reauthenticate: 'second-factor' });
    expect(stale.json().detail).toContain('authenticator app');
    expect(await secondFactorRows(colleague.user.id)).toEqual({ totp: 1, recoveryCodes: 10 });

    const wrong = await admin.client.call('POST', '/api/auth/second-factor/verify', {
      code: '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect((await reset(admin.client, colleague.user.id)).statusCode).toBe(403);

    const verified = await admin.client.call('POST', '/api/auth/second-factor/verify', {
      code: await code(admin.secret),
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ secondFactorAt: clock().toISOString() });
    expect((await reset(admin.client, colleague.user.id)).statusCode).toBe(204);
  });

  it('refuses one’s own (403), people of other clinics or organizations (404), non-admins (403) and people without a second factor (409)', async () => {
    const practice = await createTestPractice(api.db);
    const admin = await enrolled(practice, 'admin');
    const therapist = await enrolled(practice, 'therapist');

    const own = await reset(admin.client, admin.user.id);
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toContain('your own second factor');

    // A colleague who works only at another clinic of the organization.
    const clinic2 = {
      id: randomUUID(),
      organizationId: practice.organization.id,
      name: 'Second site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(api.db, clinic2, clock().toISOString());
    const elsewhere = await enrolled({ ...practice, clinic: clinic2 }, 'therapist');
    expect((await reset(admin.client, elsewhere.user.id)).statusCode).toBe(404);
    const foreign = await enrolled(await createTestPractice(api.db), 'therapist');
    expect((await reset(admin.client, foreign.user.id)).statusCode).toBe(404);
    expect((await reset(admin.client, randomUUID())).statusCode).toBe(404);
    expect((await reset(therapist.client, admin.user.id)).statusCode).toBe(403);

    const without = await createStaffWithPassword(api.db, practice, 'therapist');
    expect((await reset(admin.client, without.id)).statusCode).toBe(409);

    for (const person of [admin, elsewhere, foreign])
      expect(await secondFactorRows(person.user.id)).toEqual({ totp: 1, recoveryCodes: 10 });
    expect(
      await listAuditEvents(api.db, practice.organization.id, {
        action: 'auth.second-factor.reset',
      }),
    ).toEqual([]);
  });

  it('lets the operator do the same by e-mail address, audited as the command line', async () => {
    const practice = await createTestPractice(api.db);
    const person = await enrolled(practice, 'therapist');
    await resetSecondFactorByEmail(api.db, clock, person.user.email.toUpperCase());
    expect(await secondFactorRows(person.user.id)).toEqual({ totp: 0, recoveryCodes: 0 });
    expect((await person.client.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
    expect(
      await listAuditEvents(api.db, practice.organization.id, {
        action: 'auth.second-factor.reset',
      }),
    ).toMatchObject([{ actorType: 'cli', actorId: null, entityId: person.user.id }]);
    await expect(resetSecondFactorByEmail(api.db, clock, person.user.email)).rejects.toThrow(
      'no second factor',
    );
    await expect(
      resetSecondFactorByEmail(api.db, clock, `nobody-${randomUUID()}@test.example`),
    ).rejects.toThrow('no staff account');
  });
});
