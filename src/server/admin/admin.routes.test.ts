import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword, signedIn } from '../../../test/helpers/auth-client.ts';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import {
  findPlanInForce,
  listMeasurementPlans,
} from '../measurement/measurement-plan.repository.ts';
import { insertClinic, listClinics } from '../organizations/organization.repository.ts';
import { randomUUID } from 'node:crypto';
import { enqueueJob } from '../jobs/job.repository.ts';
import { startJobWorker } from '../jobs/job-worker.ts';
import { createSmtpMailer } from '../mail/mailer.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

const plan = [
  { instrumentId: 'wai-sr', respondent: 'client-member', schedule: { kind: 'every-session' } },
];

describe.each(testDialects)('clinic administration over HTTP on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const time = useTestClock('2026-11-23T12:00:00Z');
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

  it('runs clinics: lists, adds and renames them, and refuses a zone that is not IANA', async () => {
    const p = await createRolePractice(handle.db);
    const admin = await signedIn(app, p.staff.admin.email);
    const list = await admin.call('GET', '/api/admin/clinics');
    expect(list.json().clinics).toEqual([
      { id: p.practice.clinic.id, name: p.practice.clinic.name, timeZone: 'Europe/London' },
    ]);
    for (const timeZone of ['Mars/Olympus', 'GMT+25', '', 'europe/london ; drop']) {
      const bad = await admin.call('POST', '/api/admin/clinics', { name: 'North', timeZone });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    expect(await listClinics(handle.db, p.practice.organization.id)).toHaveLength(1);
    const created = await admin.call('POST', '/api/admin/clinics', {
      name: 'North',
      timeZone: 'America/Mexico_City',
    });
    expect(created.statusCode).toBe(201);
    // A new clinic starts with the default plan, as one made by `rapport setup` does.
    const plans = await listMeasurementPlans(handle.db, p.practice.organization.id);
    expect(plans.filter((plan) => plan.clinicId === created.json().id)).toEqual([
      expect.objectContaining({ name: 'Default plan', caseType: null }),
    ]);
    // It is the clinic's first plan, so it covers sessions held before the clinic was set up.
    const earlier = await findPlanInForce(
      handle.db,
      p.practice.organization.id,
      created.json().id,
      'individual',
      '2020-01-06T09:00:00.000Z',
    );
    expect(earlier?.name).toBe('Default plan');
    const renamed = await admin.call('PATCH', `/api/admin/clinics/${created.json().id}`, {
      name: 'North site',
    });
    expect(renamed.json()).toMatchObject({ name: 'North site', timeZone: 'America/Mexico_City' });
    // The creator administers the new clinic at once (a fresh sign-in picks up the role).
    const again = await signedIn(app, p.staff.admin.email);
    expect((await again.call('GET', '/api/admin/clinics')).json().clinics).toHaveLength(2);

    const therapist = await signedIn(app, p.staff.therapist1.email);
    expect((await therapist.call('GET', '/api/admin/clinics')).statusCode).toBe(403);
    const other = await createTestPractice(handle.db);
    expect(
      (await admin.call('PATCH', `/api/admin/clinics/${other.clinic.id}`, { name: 'Mine' }))
        .statusCode,
    ).toBe(404);
  });

  it('creates staff, changes roles, assigns supervision and disables accounts', async () => {
    const p = await createRolePractice(handle.db);
    const admin = await signedIn(app, p.staff.admin.email);
    const created = await admin.call('POST', '/api/admin/staff', {
      email: `New.Therapist.${Date.now()}@test.example`,
      displayName: 'New Therapist',
      clinicId: p.practice.clinic.id,
      role: 'therapist',
    });
    expect(created.statusCode).toBe(201);
    const newId = created.json().id as string;
    expect(created.json().email).toMatch(/^new\.therapist/);
    const duplicate = await admin.call('POST', '/api/admin/staff', {
      email: created.json().email,
      displayName: 'Again',
      clinicId: p.practice.clinic.id,
      role: 'therapist',
    });
    expect(duplicate.statusCode).toBe(409);

    const roles = await admin.call('PUT', `/api/admin/staff/${newId}/roles`, {
      clinicId: p.practice.clinic.id,
      roles: ['therapist', 'supervisor'],
    });
    expect(roles.json().roles.map((r: { role: string }) => r.role)).toEqual([
      'supervisor',
      'therapist',
    ]);
    const self = await admin.call('PUT', `/api/admin/staff/${p.staff.admin.id}/roles`, {
      clinicId: p.practice.clinic.id,
      roles: ['therapist'],
    });
    expect(self.statusCode).toBe(409);

    const pair = { supervisorId: newId, superviseeId: p.staff.therapist2.id };
    expect((await admin.call('POST', '/api/admin/supervision', pair)).statusCode).toBe(204);
    const wrong = { supervisorId: p.staff.researcher.id, superviseeId: p.staff.therapist2.id };
    expect((await admin.call('POST', '/api/admin/supervision', wrong)).statusCode).toBe(400);
    expect((await admin.call('GET', '/api/admin/supervision')).json().pairs).toEqual(
      expect.arrayContaining([
        pair,
        { supervisorId: p.staff.supervisor.id, superviseeId: p.staff.therapist1.id },
      ]),
    );
    expect(
      (await admin.call('DELETE', `/api/admin/supervision/${newId}/${p.staff.therapist2.id}`))
        .statusCode,
    ).toBe(204);

    // Disabling signs the person out at once, and they cannot sign in again.
    const t2 = await signedIn(app, p.staff.therapist2.email);
    const disable = await admin.call('PATCH', `/api/admin/staff/${p.staff.therapist2.id}`, {
      status: 'disabled',
    });
    expect(disable.statusCode).toBe(204);
    expect((await t2.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
    await expect(signedIn(app, p.staff.therapist2.email)).rejects.toThrow();
    expect(
      (await admin.call('PATCH', `/api/admin/staff/${p.staff.admin.id}`, { status: 'disabled' }))
        .statusCode,
    ).toBe(409);

    // Staff of another organization are out of reach.
    const other = await createTestPractice(handle.db);
    const stranger = await createStaffWithPassword(handle.db, other);
    expect(
      (await admin.call('PATCH', `/api/admin/staff/${stranger.id}`, { status: 'disabled' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await admin.call('PUT', `/api/admin/staff/${stranger.id}/roles`, {
          clinicId: other.clinic.id,
          roles: ['admin'],
        })
      ).statusCode,
    ).toBe(404);
    const list = (await admin.call('GET', '/api/admin/staff')).json().staff as { id: string }[];
    expect(list.map((s) => s.id)).not.toContain(stranger.id);
  });

  it('adds plan versions that apply from now on, after checking entries and instruments', async () => {
    const p = await createRolePractice(handle.db);
    const admin = await signedIn(app, p.staff.admin.email);
    const url = '/api/admin/measurement-plans';
    const base = { clinicId: p.practice.clinic.id, caseType: 'couple', name: 'Couples v2' };
    const invalid = await admin.call('POST', url, {
      ...base,
      entries: [{ instrumentId: 'wai-sr', respondent: 'dog', schedule: { kind: 'never' } }],
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].path).toMatch(/^body\.entries\.0/);
    const unknown = await admin.call('POST', url, {
      ...base,
      entries: [{ ...plan[0], instrumentId: 'ors' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { path: 'body.entries.0.instrumentId', message: 'no such instrument' },
    ]);
    const before = new Date(time.now() - 1000).toISOString();
    const created = await admin.call('POST', url, { ...base, entries: plan });
    expect(created.statusCode).toBe(201);
    expect(created.json().effectiveFrom).toBe(new Date(time.now()).toISOString());
    const org = p.practice.organization.id;
    expect(await findPlanInForce(handle.db, org, p.practice.clinic.id, 'couple', before)).toBe(
      undefined,
    );
    expect(
      (
        await findPlanInForce(
          handle.db,
          org,
          p.practice.clinic.id,
          'couple',
          created.json().effectiveFrom,
        )
      )?.name,
    ).toBe('Couples v2');
    const listed = await admin.call('GET', url);
    expect(listed.json().plans).toHaveLength(1);
    expect(listed.json().instruments.map((i: { id: string }) => i.id)).toContain('wai-sr');
  });

  it('state-changing admin routes need the CSRF token and change nothing without it', async () => {
    const p = await createRolePractice(handle.db);
    const admin = await signedIn(app, p.staff.admin.email);
    const calls = [
      ['POST', '/api/admin/clinics', { name: 'Sneaky', timeZone: 'UTC' }],
      ['PATCH', `/api/admin/clinics/${p.practice.clinic.id}`, { name: 'Sneaky' }],
      [
        'POST',
        '/api/admin/staff',
        {
          email: `sneaky-${Date.now()}@test.example`,
          displayName: 'Sneaky',
          clinicId: p.practice.clinic.id,
          role: 'admin',
        },
      ],
      [
        'PUT',
        `/api/admin/staff/${p.staff.therapist1.id}/roles`,
        { clinicId: p.practice.clinic.id, roles: ['admin'] },
      ],
      ['PATCH', `/api/admin/staff/${p.staff.therapist1.id}`, { status: 'disabled' }],
      [
        'POST',
        '/api/admin/supervision',
        { supervisorId: p.staff.supervisor.id, superviseeId: p.staff.therapist2.id },
      ],
      ['DELETE', `/api/admin/supervision/${p.staff.supervisor.id}/${p.staff.therapist1.id}`],
      [
        'POST',
        '/api/admin/measurement-plans',
        { clinicId: p.practice.clinic.id, caseType: null, name: 'Sneaky', entries: plan },
      ],
    ] as const;
    for (const [method, url, body] of calls) {
      const response = await admin.call(method, url, body, { csrf: null });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
    const after = await admin.call('GET', '/api/admin/staff');
    const therapist = (
      after.json().staff as { id: string; status: string; roles: unknown[] }[]
    ).find((s) => s.id === p.staff.therapist1.id);
    expect(therapist).toMatchObject({ status: 'active', roles: [{ role: 'therapist' }] });
    expect((await admin.call('GET', '/api/admin/clinics')).json().clinics).toHaveLength(1);
    expect((await admin.call('GET', '/api/admin/supervision')).json().pairs).toEqual([
      { supervisorId: p.staff.supervisor.id, superviseeId: p.staff.therapist1.id },
    ]);
    expect((await admin.call('GET', '/api/admin/measurement-plans')).json().plans).toEqual([]);
  });

  it('shows the audit trail with filters and pages, to admins only', async () => {
    const p = await createRolePractice(handle.db);
    const admin = await signedIn(app, p.staff.admin.email);
    for (let i = 0; i < 5; i++) {
      time.advance(60_000);
      await admin.call('POST', '/api/admin/clinics', { name: `Site ${i}`, timeZone: 'UTC' });
    }
    const first = await admin.call(
      'GET',
      `/api/admin/audit?action=clinic.create&actorId=${p.staff.admin.id}&outcome=success&limit=2`,
    );
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.events).toHaveLength(2);
    expect(page1.nextBefore).toBe(page1.events[1].id);
    const page2 = (
      await admin.call(
        'GET',
        `/api/admin/audit?action=clinic.create&limit=2&before=${page1.nextBefore}`,
      )
    ).json();
    const page3 = (
      await admin.call(
        'GET',
        `/api/admin/audit?action=clinic.create&limit=2&before=${page2.nextBefore}`,
      )
    ).json();
    expect([...page1.events, ...page2.events, ...page3.events]).toHaveLength(5);
    expect(page3.nextBefore).toBe(null);
    const ranged = await admin.call(
      'GET',
      `/api/admin/audit?action=clinic.create&from=${encodeURIComponent(new Date(time.now() - 90_000).toISOString())}`,
    );
    expect(ranged.json().events).toHaveLength(2);
    expect((await admin.call('GET', '/api/admin/audit?outcome=maybe')).statusCode).toBe(400);
    expect((await admin.call('GET', '/api/admin/audit?from=yesterday')).statusCode).toBe(400);
    // The filter takes only words of the audit vocabulary (src/core/api/audit-vocabulary.ts).
    for (const [field, bad, listed] of [
      ['entityType', 'case', '"care_case"'],
      ['action', 'case.view', '"case.read"'],
      ['entityType', '/api/cases/:caseId', '"route"'],
    ] as const) {
      const refused = await admin.call(
        'GET',
        `/api/admin/audit?${field}=${encodeURIComponent(bad)}`,
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const [error, ...more] = refused.json().errors;
      expect(more).toEqual([]);
      expect(error.path).toBe(`querystring.${field}`);
      expect(error.message).toMatch(/^Invalid option: expected one of /);
      expect(error.message).toContain(listed);
    }
    const researcher = await signedIn(app, p.staff.researcher.email);
    expect((await researcher.call('GET', '/api/admin/audit')).statusCode).toBe(403);
    // Another organization's trail never shows.
    const other = await createRolePractice(handle.db);
    const otherAdmin = await signedIn(app, other.staff.admin.email);
    const theirs = (await otherAdmin.call('GET', '/api/admin/audit?limit=200')).json().events;
    expect(theirs.every((e: { actorId: string | null }) => e.actorId !== p.staff.admin.id)).toBe(
      true,
    );
  });

  it('finds every read of a case under one entity type, whichever page read it', async () => {
    // The case page and the session list used to log entity `case`, the alert, rupture and
    // supervision-note lists `care_case`: a filter by either name missed the other's reads.
    const p = await createRolePractice(handle.db);
    const caseId = p.case1.careCase.id;
    const therapist = await signedIn(app, p.staff.therapist1.email);
    for (const path of ['', '/sessions', '/alerts', '/rupture-events', '/supervision-notes']) {
      expect((await therapist.call('GET', `/api/cases/${caseId}${path}`)).statusCode).toBe(200);
    }
    const admin = await signedIn(app, p.staff.admin.email);
    const found = await admin.call(
      'GET',
      `/api/admin/audit?entityType=care_case&entityId=${caseId}&actorId=${p.staff.therapist1.id}`,
    );
    expect(found.statusCode).toBe(200);
    const events: { action: string; entityType: string }[] = found.json().events;
    expect(events.map((e) => e.action).sort()).toEqual([
      'alert.list',
      'case.read',
      'rupture-event.list',
      'session.list',
      'supervision-note.list',
    ]);
    expect(events.every((e) => e.entityType === 'care_case')).toBe(true);
  });

  it('tells an admin how many mails ended unsent for want of a mail server, warning once', async () => {
    const p = await createRolePractice(handle.db);
    const other = await createRolePractice(handle.db);
    const type = `mail-test-${randomUUID()}`;
    const now = time.clock().toISOString();
    for (const organizationId of [
      p.practice.organization.id,
      p.practice.organization.id,
      other.practice.organization.id,
    ])
      await enqueueJob(
        handle.db,
        { id: randomUUID(), organizationId, type, payload: {}, runAt: now },
        now,
      );
    const warnings: string[] = [];
    const errors: string[] = [];
    const mailer = createSmtpMailer(undefined, 'Rapport <rapport@test.example>');
    const worker = startJobWorker(
      {
        db: handle.db,
        dialect,
        clock: time.clock,
        pollMs: 60_000,
        logger: {
          info: () => {},
          warn: (_object, message) => warnings.push(message),
          error: (_object, message) => errors.push(message),
        },
        handlers: {
          [type]: () => mailer.send({ to: 'x@test.example', subject: 's', text: 't' }),
        },
      },
      false,
    );
    expect(await worker.runOnce()).toBe(3);
    // Ended for good at the first attempt: nothing is left to retry.
    expect(await worker.runOnce()).toBe(0);
    expect(warnings).toEqual(['mail not sent: no mail server configured (SMTP_URL)']);
    expect(errors).toEqual([]);
    const rows = await handle.db
      .selectFrom('job')
      .select(['status', 'last_error', 'attempts'])
      .where('type', '=', type)
      .execute();
    expect(rows).toEqual(
      Array(3).fill({ status: 'failed', last_error: 'mail_not_configured', attempts: 1 }),
    );

    const admin = await signedIn(app, p.staff.admin.email);
    const status = await admin.call('GET', '/api/admin/mail-status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({ notSentNoMailServer: 2 });
    const therapist = await signedIn(app, p.staff.therapist1.email);
    expect((await therapist.call('GET', '/api/admin/mail-status')).statusCode).toBe(403);
  });

  it("shows an admin their clinics and what needs doing there, and nothing of another clinic's", async () => {
    const p = await createRolePractice(handle.db);
    const orgId = p.practice.organization.id;
    // A second clinic of the organization that this admin does not run.
    const other = {
      ...p.practice,
      clinic: { ...p.practice.clinic, id: randomUUID(), name: 'Elsewhere' },
    };
    await insertClinic(
      handle.db,
      { ...other.clinic, organizationId: orgId },
      '2026-11-01T00:00:00Z',
    );
    const elsewhereTherapist = await createTestStaff(handle.db, other, 'therapist');
    const elsewhereCase = await createTestCase(handle.db, other, elsewhereTherapist.id);
    // The researcher has a confirmed second factor; everyone else of the clinic has none.
    await handle.db
      .insertInto('staff_totp')
      .values({
        staff_user_id: p.staff.researcher.id,
        organization_id: orgId,
        secret: 'sealed',
        secret_key_id: 'k',
        confirmed_at: '2026-11-01T00:00:00Z',
        last_time_step: null,
        created_at: '2026-11-01T00:00:00Z',
      })
      .execute();
    // An open case of this clinic that lost its therapist, and one of the other clinic.
    const orphan = await createTestCase(handle.db, p.practice, p.staff.therapist2.id);
    for (const id of [orphan.careCase.id, elsewhereCase.careCase.id])
      await handle.db.deleteFrom('case_therapist').where('case_id', '=', id).execute();
    // A closed case without a therapist needs nothing.
    const closed = await createTestCase(handle.db, p.practice, p.staff.therapist2.id);
    await handle.db
      .deleteFrom('case_therapist')
      .where('case_id', '=', closed.careCase.id)
      .execute();
    await handle.db
      .updateTable('care_case')
      .set({ status: 'closed', closed_at: '2026-11-20T00:00:00Z', closed_reason: 'completed' })
      .where('id', '=', closed.careCase.id)
      .execute();
    // Mail that failed: two for want of a server, one refused; a failed job that is not mail.
    const job = (type: string, lastError: string) => ({
      id: randomUUID(),
      organization_id: orgId,
      type,
      payload: '{}',
      unique_key: null,
      status: 'failed' as const,
      run_at: '2026-11-23T10:00:00Z',
      attempts: 1,
      max_attempts: 5,
      locked_by: null,
      locked_at: null,
      finished_at: '2026-11-23T10:00:01Z',
      last_error: lastError,
      created_at: '2026-11-23T10:00:00Z',
    });
    await handle.db
      .insertInto('job')
      .values([
        job('questionnaire.deliver', 'mail_not_configured'),
        job('alerts.notify-urgent', 'mail_not_configured'),
        job('questionnaire.remind', 'smtp_rejected'),
        job('alerts.recompute', 'boom'),
      ])
      .execute();

    const admin = await signedIn(app, p.staff.admin.email);
    const res = await admin.call('GET', '/api/admin/overview');
    expect(res.statusCode).toBe(200);
    const overview = res.json();
    expect(overview.clinics).toEqual([
      {
        id: p.practice.clinic.id,
        name: p.practice.clinic.name,
        timeZone: 'Europe/London',
        staff: 6,
        openCases: 3,
      },
    ]);
    const without = overview.staffWithoutSecondFactor.map((s: { id: string }) => s.id).sort();
    expect(without).toEqual(
      [
        p.staff.admin.id,
        p.staff.therapist1.id,
        p.staff.therapist2.id,
        p.staff.supervisor.id,
        p.staff.interpreter.id,
      ].sort(),
    );
    expect(overview.casesWithoutTherapist).toEqual([
      {
        id: orphan.careCase.id,
        reference: orphan.careCase.reference,
        clinicName: p.practice.clinic.name,
        openedAt: expect.any(String),
      },
    ]);
    expect(overview.mail).toEqual({ notSentNoMailServer: 2, deliveryFailed: 1 });
    expect(res.body).not.toContain(elsewhereTherapist.id);

    const therapist = await signedIn(app, p.staff.therapist1.email);
    expect((await therapist.call('GET', '/api/admin/overview')).statusCode).toBe(403);
  });
});
