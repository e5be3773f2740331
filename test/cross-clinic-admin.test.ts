import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { defaultAuthSettings } from '../src/server/auth/auth-settings.ts';
import type { DatabaseHandle, Executor } from '../src/server/db/database.ts';
import { insertClinic } from '../src/server/organizations/organization.repository.ts';
import { insertStaffRole, insertSupervision } from '../src/server/staff/staff.repository.ts';
import {
  TEST_PASSWORD,
  authClient,
  createStaffWithPassword,
  signedIn,
} from './helpers/auth-client.ts';
import { createTestCase } from './helpers/factories.ts';
import { createRolePractice } from './helpers/role-practice.ts';
import { openTestDatabase, testDialects } from './helpers/test-databases.ts';

/**
 * The cross-clinic admin escalation of issue 14, replayed: the admin of one clinic tried to
 * reach a therapist of another clinic through role changes and supervision, and a clinic's
 * admin tried to make themselves a supervisor. Every step must be refused and change nothing.
 */

/** Everything the steps could change: roles, supervision pairs and account states. */
async function staffState(db: Executor, organizationId: string) {
  const roles = await db
    .selectFrom('staff_role')
    .select(['staff_user_id', 'clinic_id', 'role'])
    .where('organization_id', '=', organizationId)
    .orderBy('staff_user_id')
    .orderBy('clinic_id')
    .orderBy('role')
    .execute();
  const pairs = await db
    .selectFrom('supervision')
    .select(['supervisor_id', 'supervisee_id'])
    .where('organization_id', '=', organizationId)
    .orderBy('supervisor_id')
    .orderBy('supervisee_id')
    .execute();
  const accounts = await db
    .selectFrom('staff_user')
    .select(['id', 'status'])
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute();
  return { roles, pairs, accounts };
}

describe.each(testDialects)('admins of different clinics on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock: () => new Date(),
      auth: { ...defaultAuthSettings, mode: 'password-only', loginAttemptsPerAddress: 1000 },
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** The demo's shape: clinic A (therapist 1 with a case) and a new clinic B with its admin. */
  async function twoClinics() {
    const db = handle.db;
    const a = await createRolePractice(db);
    const clinicB = {
      id: randomUUID(),
      organizationId: a.practice.organization.id,
      name: `Clinic B ${randomUUID().slice(0, 6)}`,
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(db, clinicB, new Date().toISOString());
    const practiceB = { organization: a.practice.organization, clinic: clinicB };
    const adminB = await createStaffWithPassword(db, practiceB, 'admin');
    return { ...a, clinicB, practiceB, adminB };
  }

  it('refuses every step of the reproduction and changes nothing', async () => {
    const p = await twoClinics();
    const orgId = p.practice.organization.id;
    const therapist1 = p.staff.therapist1;
    const before = await staffState(handle.db, orgId);
    const adminB = await signedIn(app, p.adminB.email);

    // (1) therapist 1 (clinic A) given a role at clinic B by B's admin.
    const role = await adminB.call('PUT', `/api/admin/staff/${therapist1.id}/roles`, {
      clinicId: p.clinicB.id,
      roles: ['therapist'],
    });
    expect(role.statusCode).toBe(404);
    // (2) B's admin gives themselves admin and supervisor.
    const self = await adminB.call('PUT', `/api/admin/staff/${p.adminB.id}/roles`, {
      clinicId: p.clinicB.id,
      roles: ['admin', 'supervisor'],
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toContain('another admin');
    // (3) B's admin as supervisor of therapist 1.
    const pair = await adminB.call('POST', '/api/admin/supervision', {
      supervisorId: p.adminB.id,
      superviseeId: therapist1.id,
    });
    expect(pair.statusCode).toBe(404);
    // (4) no clinical data.
    const caseload = await adminB.call('GET', '/api/caseload');
    expect(caseload.statusCode).toBe(200);
    expect(JSON.stringify(caseload.json())).not.toContain(p.case1.careCase.id);
    expect((await adminB.call('GET', `/api/cases/${p.case1.careCase.id}`)).statusCode).toBe(404);
    // And therapist 1 cannot be disabled from clinic B.
    const disable = await adminB.call('PATCH', `/api/admin/staff/${therapist1.id}`, {
      status: 'disabled',
    });
    expect(disable.statusCode).toBe(404);

    expect(await staffState(handle.db, orgId)).toEqual(before);
  });

  it('takes a second admin to open clinical data to an admin of the same clinic', async () => {
    const p = await twoClinics();
    const db = handle.db;
    const orgId = p.practice.organization.id;
    const therapistB = await createStaffWithPassword(db, p.practiceB, 'therapist');
    const caseB = await createTestCase(db, p.practiceB, therapistB.id);
    const adminB = await signedIn(app, p.adminB.email);

    const before = await staffState(db, orgId);
    const selfRole = await adminB.call('PUT', `/api/admin/staff/${p.adminB.id}/roles`, {
      clinicId: p.clinicB.id,
      roles: ['admin', 'supervisor'],
    });
    expect(selfRole.statusCode).toBe(403);
    // Even with the supervisor role (given by someone else), not their own supervision.
    await insertStaffRole(db, orgId, p.adminB.id, { clinicId: p.clinicB.id, role: 'supervisor' });
    const selfPair = await adminB.call('POST', '/api/admin/supervision', {
      supervisorId: p.adminB.id,
      superviseeId: therapistB.id,
    });
    expect(selfPair.statusCode).toBe(403);
    expect(
      (await adminB.call('GET', `/api/cases/${caseB.careCase.id}`)).statusCode,
      'still no clinical data',
    ).toBe(404);
    const after = await staffState(db, orgId);
    expect(after.pairs).toEqual(before.pairs);

    // A second admin of clinic B may make the pair: two people were involved.
    const secondAdmin = await createStaffWithPassword(db, p.practiceB, 'admin');
    const other = await signedIn(app, secondAdmin.email);
    const made = await other.call('POST', '/api/admin/supervision', {
      supervisorId: p.adminB.id,
      superviseeId: therapistB.id,
    });
    expect(made.statusCode).toBe(204);
    const again = await signedIn(app, p.adminB.email);
    expect((await again.call('GET', `/api/cases/${caseB.careCase.id}`)).statusCode).toBe(200);
  });

  it('lets an admin of one clinic keep, not take over, a colleague who also works elsewhere', async () => {
    const p = await twoClinics();
    const db = handle.db;
    const orgId = p.practice.organization.id;
    // Therapist 1 also works at clinic B.
    await insertStaffRole(db, orgId, p.staff.therapist1.id, {
      clinicId: p.clinicB.id,
      role: 'therapist',
    });
    const adminB = await signedIn(app, p.adminB.email);
    const disable = await adminB.call('PATCH', `/api/admin/staff/${p.staff.therapist1.id}`, {
      status: 'disabled',
    });
    expect(disable.statusCode).toBe(403);
    expect(disable.json().detail).toContain('clinic you do not run');
    // Their roles at clinic B are B's admin's to change; those at clinic A stay.
    const removed = await adminB.call('PUT', `/api/admin/staff/${p.staff.therapist1.id}/roles`, {
      clinicId: p.clinicB.id,
      roles: [],
    });
    expect(removed.statusCode).toBe(200);
    const roles = await db
      .selectFrom('staff_role')
      .select(['clinic_id', 'role'])
      .where('staff_user_id', '=', p.staff.therapist1.id)
      .execute();
    expect(roles).toEqual([{ clinic_id: p.practice.clinic.id, role: 'therapist' }]);
    const account = await db
      .selectFrom('staff_user')
      .select('status')
      .where('id', '=', p.staff.therapist1.id)
      .executeTakeFirstOrThrow();
    expect(account.status).toBe('active');
  });

  it('opens a supervisee’s cases only at clinics where the supervisor holds the role', async () => {
    const p = await twoClinics();
    const db = handle.db;
    const orgId = p.practice.organization.id;
    // Therapist 1 works at both clinics, with a case at each; the supervisor of clinic A
    // (supervision pair made in the role practice) holds the supervisor role at A only.
    await insertStaffRole(db, orgId, p.staff.therapist1.id, {
      clinicId: p.clinicB.id,
      role: 'therapist',
    });
    const caseAtB = await createTestCase(db, p.practiceB, p.staff.therapist1.id);
    const supervisor = await signedIn(app, p.staff.supervisor.email);
    expect((await supervisor.call('GET', `/api/cases/${p.case1.careCase.id}`)).statusCode).toBe(
      200,
    );
    expect((await supervisor.call('GET', `/api/cases/${caseAtB.careCase.id}`)).statusCode).toBe(
      404,
    );
    const caseload = JSON.stringify((await supervisor.call('GET', '/api/caseload')).json());
    expect(caseload).toContain(p.case1.careCase.id);
    expect(caseload).not.toContain(caseAtB.careCase.id);

    // A supervisor elsewhere: a pair with someone who supervises only at clinic B reaches
    // therapist 1's clinic-B case and not the clinic-A one.
    const supervisorB = await createStaffWithPassword(db, p.practiceB, 'supervisor');
    await insertSupervision(db, orgId, supervisorB.id, p.staff.therapist1.id);
    const atB = await signedIn(app, supervisorB.email);
    expect((await atB.call('GET', `/api/cases/${caseAtB.careCase.id}`)).statusCode).toBe(200);
    expect((await atB.call('GET', `/api/cases/${p.case1.careCase.id}`)).statusCode).toBe(404);
  });

  it('answers every clinical read with no-store, and the sign-in reply too', async () => {
    const p = await createRolePractice(handle.db);
    const therapist = await signedIn(app, p.staff.therapist1.email);
    const view = await therapist.call('GET', `/api/cases/${p.case1.careCase.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.headers['cache-control']).toBe('no-store');
    const login = await authClient(app).call('POST', '/api/auth/login', {
      email: p.staff.therapist2.email,
      password: TEST_PASSWORD,
    });
    expect(login.json().state).toBe('signed-in');
    expect(login.headers['cache-control']).toBe('no-store');
    const session = await therapist.call('GET', '/api/auth/session');
    expect(session.headers['cache-control']).toBe('no-store');
  });
});
