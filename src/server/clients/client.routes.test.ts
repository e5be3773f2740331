import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { Database } from '../db/database.ts';
import { insertClinic } from '../organizations/organization.repository.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

const clientRows = (db: Database, organizationId: string) =>
  db
    .selectFrom('client')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute();

describe.each(testDialects)('clients over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date(NOW));

  const newClient = (clinicId: string, overrides: object = {}) => ({
    clinicId,
    givenName: 'Ana',
    familyName: `Ruiz-${randomUUID().slice(0, 6)}`,
    preferredName: 'Anita',
    dateOfBirth: '1991-05-17',
    email: 'ana@example.org',
    mobile: '+34 600 123 456',
    preferredLanguage: 'es',
    ...overrides,
  });

  it('registers and edits a client, with a history of field names that never holds a value', async () => {
    const p = await createRolePractice(t.db);
    const admin = await t.signedIn(p.staff.admin.email);
    const body = newClient(p.practice.clinic.id);
    const created = await admin.call('POST', '/api/clients', body);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({
      givenName: 'Ana',
      preferredName: 'Anita',
      dateOfBirth: '1991-05-17',
      birthYear: 1991,
      mobile: '+34 600 123 456',
      preferredLanguage: 'es',
    });

    const changed = await admin.call('PATCH', `/api/clients/${id}`, {
      dateOfBirth: '1992-01-02',
      mobile: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      dateOfBirth: '1992-01-02',
      birthYear: 1992,
      mobile: null,
    });

    const read = await admin.call('GET', `/api/clients/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().history).toEqual([
      {
        action: 'client.update',
        actorId: p.staff.admin.id,
        occurredAt: new Date(NOW).toISOString(),
        // birthYear follows the date of birth, so it changed too.
        fields: ['dateOfBirth', 'birthYear', 'mobile'],
      },
      expect.objectContaining({ action: 'client.create', actorId: p.staff.admin.id }),
    ]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('organization_id', '=', p.practice.organization.id)
      .where('entity_type', '=', 'client')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'client.create',
      'client.read',
      'client.update',
    ]);
    for (const { details } of audit)
      for (const value of [
        'Ana',
        'Anita',
        body.familyName,
        'ana@example.org',
        '600',
        '1991',
        '1992',
      ])
        expect(details).not.toContain(value);

    const list = await admin.call('GET', `/api/clients?q=${encodeURIComponent('anit')}`);
    expect(list.json().clients.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('warns of a duplicate (same name and date of birth) until the caller confirms it', async () => {
    const p = await createRolePractice(t.db);
    const admin = await t.signedIn(p.staff.admin.email);
    const body = newClient(p.practice.clinic.id);
    const first = await admin.call('POST', '/api/clients', body);
    const again = await admin.call('POST', '/api/clients', {
      ...body,
      givenName: 'ANA',
      email: null,
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ status: 409, duplicateOf: first.json().id });
    expect(await clientRows(t.db, p.practice.organization.id)).toHaveLength(3); // 2 factory clients + 1
    const confirmed = await admin.call('POST', '/api/clients', {
      ...body,
      confirmDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().id).not.toBe(first.json().id);
  });

  it('refuses bad input with a clear problem and changes nothing', async () => {
    const p = await createRolePractice(t.db);
    const other = await createTestPractice(t.db);
    const admin = await t.signedIn(p.staff.admin.email);
    const clinicId = p.practice.clinic.id;
    const existing = (await admin.call('POST', '/api/clients', newClient(clinicId))).json();
    const before = await clientRows(t.db, p.practice.organization.id);
    const cases: [object, number, string][] = [
      [newClient(clinicId, { givenName: '' }), 400, 'body.givenName'],
      [newClient(clinicId, { familyName: '   ' }), 400, 'body.familyName'],
      [newClient(clinicId, { givenName: 'x'.repeat(10_000) }), 400, 'body.givenName'],
      [newClient(clinicId, { dateOfBirth: '2026-02-30' }), 400, 'body.dateOfBirth'],
      [newClient(clinicId, { dateOfBirth: '2027-01-01' }), 400, 'body.dateOfBirth'],
      [newClient(clinicId, { dateOfBirth: '1990-01-01', birthYear: 1991 }), 400, 'body.birthYear'],
      [newClient(clinicId, { preferredLanguage: 'english please' }), 400, 'body.preferredLanguage'],
      [newClient(clinicId, { email: 'not-an-address' }), 400, 'body.email'],
      [newClient(randomUUID()), 404, ''],
      [newClient(other.clinic.id), 404, ''],
    ];
    for (const [body, status, path] of cases) {
      const response = await admin.call('POST', '/api/clients', body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      if (path) expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    for (const changes of [
      { givenName: '' },
      { dateOfBirth: '2026-02-30' },
      { dateOfBirth: '2030-01-01' },
      {},
    ])
      expect((await admin.call('PATCH', `/api/clients/${existing.id}`, changes)).statusCode).toBe(
        400,
      );
    expect(await clientRows(t.db, p.practice.organization.id)).toEqual(before);
  });

  it('lets therapists register clients only where the clinic allows it; others get 404', async () => {
    const p = await createRolePractice(t.db);
    const admin = await t.signedIn(p.staff.admin.email);
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const clinicId = p.practice.clinic.id;
    const made = await therapist.call('POST', '/api/clients', newClient(clinicId));
    expect(made.statusCode).toBe(201);
    for (const email of [
      p.staff.supervisor.email,
      p.staff.researcher.email,
      p.staff.interpreter.email,
    ]) {
      const someone = await t.signedIn(email);
      expect((await someone.call('POST', '/api/clients', newClient(clinicId))).statusCode).toBe(
        404,
      );
      expect((await someone.call('GET', `/api/clients/${made.json().id}`)).statusCode).toBe(404);
      expect((await someone.call('GET', '/api/clients')).json().clients).toEqual([]);
    }
    const settings = await admin.call('GET', `/api/admin/clinics/${clinicId}/intake-settings`);
    expect(settings.json().therapistsMayOpenCases).toBe(true);
    const off = await admin.call('PUT', `/api/admin/clinics/${clinicId}/intake-settings`, {
      ...settings.json(),
      therapistsMayOpenCases: false,
    });
    expect(off.statusCode).toBe(200);
    expect((await therapist.call('POST', '/api/clients', newClient(clinicId))).statusCode).toBe(
      404,
    );
    expect((await therapist.call('GET', `/api/clients/${made.json().id}`)).statusCode).toBe(404);

    // An admin of another clinic of the organization does not reach this clinic's clients.
    const site2 = {
      id: randomUUID(),
      organizationId: p.practice.organization.id,
      name: 'Site 2',
      timeZone: 'UTC',
    };
    await insertClinic(t.db, site2, new Date(NOW).toISOString());
    const admin2 = await createStaffWithPassword(
      t.db,
      { organization: p.practice.organization, clinic: site2 },
      'admin',
    );
    const otherAdmin = await t.signedIn(admin2.email);
    expect((await otherAdmin.call('GET', `/api/clients/${made.json().id}`)).statusCode).toBe(404);
    expect(
      (await otherAdmin.call('PATCH', `/api/clients/${made.json().id}`, { givenName: 'X' }))
        .statusCode,
    ).toBe(404);
  });
});
