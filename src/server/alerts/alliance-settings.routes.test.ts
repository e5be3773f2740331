import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authClient,
  createStaffWithPassword,
  signedIn,
} from '../../../test/helpers/auth-client.ts';
import { createTestCase, createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { startJobWorker } from '../jobs/job-worker.ts';
import { createSmtpMailer } from '../mail/mailer.ts';
import { insertClinic } from '../organizations/organization.repository.ts';
import { insertStaffRole } from '../staff/staff.repository.ts';
import { alertJobHandlers } from './alert-job-handlers.ts';
import { submitClientForms, waiAnswers } from '../../../test/helpers/alert-test-scenario.ts';
import {
  findClinicAllianceOverrides,
  saveClinicAllianceOverrides,
} from './alliance-case-history.repository.ts';
import { recomputeCaseAlerts } from './recompute-case-alerts.service.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

interface SettingBody {
  key: string;
  defaultValue: number | boolean | null;
  value: number | boolean | null;
  overridden: boolean;
}

describe.each(testDialects)('clinic alliance settings on %s', (dialect) => {
  let handle: DatabaseHandle;
  const time = useTestClock('2026-12-01T09:00:00Z');
  const clock = time.clock;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock,
      auth: { ...defaultAuthSettings, mode: 'password-only', loginAttemptsPerAddress: 50 },
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const settingsUrl = (clinicId: string) => `/api/admin/clinics/${clinicId}/alliance-settings`;
  const byKey = (parameters: SettingBody[]) =>
    Object.fromEntries(parameters.map((p) => [p.key, p]));

  const recomputeJobs = (organizationId: string) =>
    handle.db
      .selectFrom('job')
      .select(['unique_key', 'payload'])
      .where('organization_id', '=', organizationId)
      .where('type', '=', 'alerts.recompute')
      .where('unique_key', 'like', '%:settings:%')
      .execute();

  /** Runs the alert jobs until none is due (PostgreSQL's job table is shared by test files). */
  const runAlertJobs = async () => {
    const worker = startJobWorker(
      {
        db: handle.db,
        dialect,
        clock,
        pollMs: 60_000,
        logger: { info: () => {}, error: () => {} },
        handlers: alertJobHandlers({
          db: handle.db,
          clock,
          mailer: createSmtpMailer(undefined, 'Rapport <rapport@test.example>'),
          publicUrl: 'https://rapport.test.example',
        }),
      },
      false,
    );
    while ((await worker.runOnce()) > 0);
  };

  it('shows an admin every parameter with its default, audited', async () => {
    const practice = await createTestPractice(handle.db);
    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const client = await signedIn(app, admin.email);
    const answer = await client.call('GET', settingsUrl(practice.clinic.id));
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({
      clinicId: practice.clinic.id,
      clinicName: practice.clinic.name,
      updatedAt: null,
      measuredPooledSd: { sd: null, forms: 0, clients: 0 },
    });
    const params = byKey(body.parameters);
    expect(Object.keys(params).sort()).toEqual(
      [
        'rupture.window',
        'rupture.k',
        'rupture.stricter',
        'rupture.pooledSd',
        'rupture.minPriorScores',
        'rupture.fallbackDrop',
        'repair.horizon',
        'repair.epsilon',
        'discrepancy.threshold',
        'split.threshold',
        'earlyCheckpoint.minimumLevel',
        'earlyCheckpoint.slopeTolerance',
        'disengagement.withinSessions',
      ].sort(),
    );
    // The defaults of docs/methods.md "Alliance analytics".
    expect(params['rupture.window']).toMatchObject({
      defaultValue: 3,
      value: 3,
      overridden: false,
    });
    expect(params['rupture.k']).toMatchObject({ defaultValue: 1.5, min: 0.5, max: 3 });
    expect(params['rupture.stricter']).toMatchObject({ defaultValue: true, kind: 'boolean' });
    expect(params['repair.horizon']).toMatchObject({ defaultValue: 3 });
    expect(params['discrepancy.threshold']).toMatchObject({ defaultValue: 1 });
    expect(params['split.threshold']).toMatchObject({ defaultValue: 1 });
    const reads = await listAuditEvents(handle.db, practice.organization.id, {
      action: 'alliance-settings.read',
    });
    expect(reads).toMatchObject([{ actorId: admin.id, entityId: practice.clinic.id }]);
  });

  it('answers 403 to non-admins and 404 to admins of other clinics, and changes nothing', async () => {
    const practice = await createTestPractice(handle.db);
    const orgId = practice.organization.id;
    const secondClinic = {
      id: randomUUID(),
      organizationId: orgId,
      name: 'Second site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(handle.db, secondClinic, clock().toISOString());
    // An admin of the second clinic only, who is a therapist at the first.
    const otherAdmin = await createStaffWithPassword(handle.db, practice, 'therapist');
    await insertStaffRole(handle.db, orgId, otherAdmin.id, {
      clinicId: secondClinic.id,
      role: 'admin',
    });
    // As on every admin route: someone who runs no clinic lacks the role (403); for an admin
    // the clinic is simply outside their reach (404), in this organization or another.
    const people = [
      [otherAdmin, 404],
      [await createStaffWithPassword(handle.db, practice, 'therapist'), 403],
      [await createStaffWithPassword(handle.db, practice, 'supervisor'), 403],
      [await createStaffWithPassword(handle.db, practice, 'researcher'), 403],
      [await createStaffWithPassword(handle.db, practice, 'interpreter'), 403],
      [await createStaffWithPassword(handle.db, await createTestPractice(handle.db), 'admin'), 404],
    ] as const;
    for (const [person, status] of people) {
      const client = await signedIn(app, person.email);
      expect((await client.call('GET', settingsUrl(practice.clinic.id))).statusCode).toBe(status);
      const put = await client.call('PUT', settingsUrl(practice.clinic.id), { rupture: { k: 2 } });
      expect(put.statusCode).toBe(status);
    }
    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const client = await signedIn(app, admin.email);
    expect((await client.call('GET', settingsUrl(randomUUID()))).statusCode).toBe(404);
    expect(await findClinicAllianceOverrides(handle.db, orgId, practice.clinic.id)).toEqual({});
    // Signed out: 401.
    const anonymous = authClient(app);
    expect((await anonymous.call('GET', settingsUrl(practice.clinic.id))).statusCode).toBe(401);
  });

  it('refuses values outside the ranges field by field and stores nothing', async () => {
    const practice = await createTestPractice(handle.db);
    const orgId = practice.organization.id;
    const therapist = await createStaffWithPassword(handle.db, practice, 'therapist');
    await createTestCase(handle.db, practice, therapist.id);
    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const client = await signedIn(app, admin.email);
    const answer = await client.call('PUT', settingsUrl(practice.clinic.id), {
      rupture: { window: 2.5, k: 10, stricter: 'yes', pooledSd: 0 },
      repair: { horizon: 0 },
      split: { threshold: -1 },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    const paths = (answer.json().errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(
      [
        'body.rupture.window',
        'body.rupture.k',
        'body.rupture.stricter',
        'body.rupture.pooledSd',
        'body.repair.horizon',
        'body.split.threshold',
      ].sort(),
    );
    for (const bad of [{ rupture: { kk: 1 } }, { outcomes: { riskInstrumentIds: [] } }, []]) {
      expect((await client.call('PUT', settingsUrl(practice.clinic.id), bad)).statusCode).toBe(400);
    }
    expect(await findClinicAllianceOverrides(handle.db, orgId, practice.clinic.id)).toEqual({});
    expect(await recomputeJobs(orgId)).toEqual([]);
    expect(await listAuditEvents(handle.db, orgId, { action: 'alliance-settings.update' })).toEqual(
      [],
    );
  });

  it("measures the clinic's own interindividual SD from its clients' alliance forms only", async () => {
    const practice = await createTestPractice(handle.db);
    const orgId = practice.organization.id;
    const therapist = await createStaffWithPassword(handle.db, practice, 'therapist');
    const couple = await createTestCase(handle.db, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['attended', 'attended'],
    });
    const forms = async (
      made: Awaited<ReturnType<typeof createTestCase>>,
      member: number,
      values: number[],
    ) => {
      for (const [i, value] of values.entries())
        await submitClientForms(
          handle.db,
          clock,
          {
            organizationId: made.careCase.organizationId,
            caseId: made.careCase.id,
            clientId: made.clients[member]!.id,
          },
          made.sessions[i]!.id,
          {
            'wai-sr': waiAnswers(value),
            'phq-9': { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3, 9: 0 },
          },
        );
    };
    await forms(couple, 0, [4, 5]);
    await forms(couple, 1, [3, 3]);
    // Not this clinic's: a case moved to a second clinic, and another organization's case.
    const elsewhere = await createTestCase(handle.db, practice, therapist.id, {
      attendance: ['attended'],
    });
    const secondClinic = {
      id: randomUUID(),
      organizationId: orgId,
      name: 'Elsewhere',
      timeZone: 'UTC',
    };
    await insertClinic(handle.db, secondClinic, clock().toISOString());
    await handle.db
      .updateTable('care_case')
      .set({ clinic_id: secondClinic.id })
      .where('id', '=', elsewhere.careCase.id)
      .execute();
    await forms(elsewhere, 0, [1]);
    const foreign = await createTestPractice(handle.db);
    const foreignTherapist = await createStaffWithPassword(handle.db, foreign, 'therapist');
    await forms(
      await createTestCase(handle.db, foreign, foreignTherapist.id, { attendance: ['attended'] }),
      0,
      [1],
    );

    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const answer = await (
      await signedIn(app, admin.email)
    ).call('GET', settingsUrl(practice.clinic.id));
    expect(answer.statusCode).toBe(200);
    // WAI-SR totals 4, 5, 3, 3 (the PHQ-9 totals are not alliance forms): R sd(c(4, 5, 3, 3)).
    expect(answer.json().measuredPooledSd).toEqual({
      sd: expect.closeTo(0.9574271, 6),
      forms: 4,
      clients: 2,
    });
  });

  it('stores a new setting, queues a recompute of each active case, and the recompute uses it', async () => {
    const practice = await createTestPractice(handle.db);
    const orgId = practice.organization.id;
    const therapist = await createStaffWithPassword(handle.db, practice, 'therapist');
    const made = await createTestCase(handle.db, practice, therapist.id, {
      attendance: ['attended', 'attended', 'attended', 'attended'],
    });
    const closed = await createTestCase(handle.db, practice, therapist.id);
    await handle.db
      .updateTable('care_case')
      .set({ status: 'closed' })
      .where('id', '=', closed.careCase.id)
      .execute();
    // A scale-list override set outside the form survives a save.
    await saveClinicAllianceOverrides(
      handle.db,
      orgId,
      practice.clinic.id,
      { rupture: { alertScales: ['total', 'bond'] } },
      null,
      clock().toISOString(),
    );
    const target = {
      organizationId: orgId,
      caseId: made.careCase.id,
      clientId: made.clients[0]!.id,
    };
    for (const [i, value] of [4, 4, 4, 3].entries())
      await submitClientForms(handle.db, clock, target, made.sessions[i]!.id, {
        'wai-sr': waiAnswers(value),
      });
    await recomputeCaseAlerts(handle.db, clock, orgId, made.careCase.id);
    const alertRow = () =>
      handle.db
        .selectFrom('alert')
        .select(['id', 'status', 'resolution', 'parameters'])
        .where('organization_id', '=', orgId)
        .where('case_id', '=', made.careCase.id)
        .where('type', '=', 'rupture')
        .execute();
    // Defaults: 3 ≤ 4 − 1.5 × max(0, 0.6) = 3.1, a rupture.
    expect(await alertRow()).toMatchObject([{ status: 'open' }]);

    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const client = await signedIn(app, admin.email);
    time.advance(60_000);
    const saved = await client.call('PUT', settingsUrl(practice.clinic.id), {
      rupture: { k: 3, pooledSd: 0.5 },
      repair: { horizon: 4 },
    });
    expect(saved.statusCode).toBe(200);
    const body = saved.json();
    expect(body).toMatchObject({
      recomputesQueued: 1,
      updatedBy: admin.id,
      updatedAt: new Date(time.now()).toISOString(),
    });
    const params = byKey(body.parameters);
    expect(params['rupture.k']).toMatchObject({ value: 3, defaultValue: 1.5, overridden: true });
    expect(params['rupture.pooledSd']).toMatchObject({ value: 0.5, overridden: true });
    expect(params['rupture.window']).toMatchObject({ value: 3, overridden: false });
    expect(await findClinicAllianceOverrides(handle.db, orgId, practice.clinic.id)).toEqual({
      rupture: { alertScales: ['total', 'bond'], k: 3, pooledSd: 0.5 },
      repair: { horizon: 4 },
    });
    const jobs = await recomputeJobs(orgId);
    expect(jobs.map((j) => j.unique_key)).toEqual([
      `alerts.recompute:${made.careCase.id}:settings:${new Date(time.now()).toISOString()}`,
    ]);
    const audit = await listAuditEvents(handle.db, orgId, { action: 'alliance-settings.update' });
    expect(audit).toMatchObject([
      {
        actorId: admin.id,
        entityId: practice.clinic.id,
        details: { changed: 'rupture.k,rupture.pooledSd,repair.horizon', recomputesQueued: 1 },
      },
    ]);

    // The queued recompute applies the new rule: 3 > 4 − 3 × max(0, 0.5) = 2.5, no rupture.
    await runAlertJobs();
    const [after] = await alertRow();
    expect(after).toMatchObject({ status: 'resolved', resolution: 'no-longer-detected' });

    // Saving an empty body returns every form parameter to its default, keeps the rest.
    time.advance(60_000);
    const reset = await client.call('PUT', settingsUrl(practice.clinic.id), {});
    expect(reset.statusCode).toBe(200);
    expect(
      (reset.json().parameters as SettingBody[]).filter((p) => p.overridden).map((p) => p.key),
    ).toEqual([]);
    expect(await findClinicAllianceOverrides(handle.db, orgId, practice.clinic.id)).toEqual({
      rupture: { alertScales: ['total', 'bond'] },
    });
    expect(await recomputeJobs(orgId)).toHaveLength(2);
  });
});
