import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { insertCaseViewPlan } from '../../../test/helpers/scored-case.fixture.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { Database } from '../db/database.ts';
import { VISIT_COOKIE } from '../measurement/questionnaire.routes.ts';
import { insertClinic } from '../organizations/organization.repository.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const SECRET = 'intake-test-secret-0123456789-0123456789';

const caseTables = async (db: Database, organizationId: string) => ({
  cases: await db
    .selectFrom('care_case')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute(),
  members: await db
    .selectFrom('case_member')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('case_id')
    .orderBy('client_id')
    .execute(),
  therapists: await db
    .selectFrom('case_therapist')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('case_id')
    .orderBy('staff_user_id')
    .execute(),
});

describe.each(testDialects)('case management over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date(NOW), { secret: SECRET });

  type Client = Awaited<ReturnType<typeof t.signedIn>>;
  const addClient = async (as: Client, clinicId: string, dateOfBirth = '1985-03-04') => {
    const response = await as.call('POST', '/api/clients', {
      clinicId,
      givenName: 'Sam',
      familyName: `Lee-${randomUUID().slice(0, 6)}`,
      dateOfBirth,
      preferredLanguage: 'en',
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };

  it('opens a couple case by its therapist; admins see its record but nothing clinical', async () => {
    const p = await createRolePractice(t.db);
    const clinicId = p.practice.clinic.id;
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const admin = await t.signedIn(p.staff.admin.email);
    const options = (await therapist.call('GET', '/api/intake/clinics')).json();
    expect(options.clinics).toEqual([
      expect.objectContaining({
        id: clinicId,
        caseTypes: expect.arrayContaining([{ code: 'coaching', structure: 'individual' }]),
        presentingConcerns: expect.arrayContaining(['anxiety', 'ocd']),
      }),
    ]);
    const [a, b] = [await addClient(admin, clinicId), await addClient(therapist, clinicId)];
    const opened = await therapist.call('POST', '/api/case-records', {
      clinicId,
      caseType: 'couple',
      presentingConcerns: ['relationship', 'anxiety'],
      members: [
        { clientId: a, relation: 'partner' },
        { clientId: b, relation: 'partner' },
      ],
      therapistIds: [p.staff.therapist1.id],
      startDate: '2026-12-01',
    });
    expect(opened.statusCode).toBe(201);
    const record = opened.json();
    expect(record).toMatchObject({
      structure: 'couple',
      caseType: 'couple',
      status: 'active',
      presentingConcerns: ['relationship', 'anxiety'],
      therapists: [{ staffUserId: p.staff.therapist1.id }],
    });
    expect(record.reference).toMatch(/^C-[2-9A-Z]{6}$/);
    expect(record.members.map((m: { relation: string }) => m.relation)).toEqual([
      'partner',
      'partner',
    ]);

    const caseload = (await therapist.call('GET', '/api/caseload')).json();
    expect(JSON.stringify(caseload)).toContain(record.id);
    expect((await therapist.call('GET', `/api/cases/${record.id}`)).statusCode).toBe(200);
    expect((await admin.call('GET', `/api/case-records/${record.id}`)).statusCode).toBe(200);
    expect((await admin.call('GET', `/api/cases/${record.id}`)).statusCode).toBe(404);
    // Therapist 2 is not on the case: it does not exist for them.
    const therapist2 = await t.signedIn(p.staff.therapist2.email);
    expect((await therapist2.call('GET', `/api/case-records/${record.id}`)).statusCode).toBe(404);
    expect(
      (
        await therapist2.call('POST', `/api/case-records/${record.id}/close`, {
          reason: 'completed',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('refuses bad cases with a clear problem and changes nothing', async () => {
    const p = await createRolePractice(t.db);
    const other = await createTestPractice(t.db);
    const clinicId = p.practice.clinic.id;
    const admin = await t.signedIn(p.staff.admin.email);
    const adult = await addClient(admin, clinicId);
    const adult2 = await addClient(admin, clinicId);
    const minor = await addClient(admin, clinicId, '2012-06-01');
    const elsewhere = await createStaffWithPassword(t.db, other, 'therapist');
    const base = {
      clinicId,
      caseType: 'family',
      presentingConcerns: ['family-conflict'],
      members: [
        { clientId: adult, relation: 'parent' },
        { clientId: adult2, relation: 'parent' },
      ],
      therapistIds: [p.staff.therapist1.id],
      startDate: '2026-12-01',
    };
    const before = await caseTables(t.db, p.practice.organization.id);
    const bad: [object, number][] = [
      [{ ...base, members: [base.members[0], { clientId: adult, relation: 'child' }] }, 400],
      [{ ...base, members: [...base.members, { clientId: minor, relation: 'child' }] }, 400],
      [{ ...base, members: [] }, 400],
      [{ ...base, members: [{ clientId: adult, relation: 'cousin' }] }, 400],
      [{ ...base, caseType: 'individual' }, 400],
      [{ ...base, caseType: 'astrology' }, 400],
      [{ ...base, presentingConcerns: ['boredom'] }, 400],
      [{ ...base, startDate: '2026-02-30' }, 400],
      [{ ...base, therapistIds: [p.staff.therapist1.id, p.staff.therapist1.id] }, 400],
      [{ ...base, therapistIds: [randomUUID()] }, 404],
      [{ ...base, therapistIds: [elsewhere.id] }, 404],
      [{ ...base, therapistIds: [p.staff.supervisor.id] }, 404],
      [{ ...base, clinicId: randomUUID() }, 404],
      [{ ...base, clinicId: other.clinic.id }, 404],
      [
        { ...base, members: [base.members[0], { clientId: randomUUID(), relation: 'parent' }] },
        404,
      ],
    ];
    for (const [body, status] of bad) {
      const response = await admin.call('POST', '/api/case-records', body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 160)).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBeTruthy();
    }
    expect(await caseTables(t.db, p.practice.organization.id)).toEqual(before);

    // With a guardian to contact, the minor can join.
    const withGuardian = await admin.call('POST', '/api/case-records', {
      ...base,
      members: [
        ...base.members,
        {
          clientId: minor,
          relation: 'child',
          guardianName: 'Pat Lee',
          guardianContact: '+44 7700 900123',
        },
      ],
    });
    expect(withGuardian.statusCode).toBe(201);
    expect(withGuardian.json().members).toContainEqual(
      expect.objectContaining({ clientId: minor, guardianName: 'Pat Lee' }),
    );
  });

  it('closes a case: links die, writes answer 409, it leaves the caseload, and it can be reopened', async () => {
    const p = await createRolePractice(t.db);
    const caseId = p.case1.careCase.id;
    const sessionId = p.case1.sessions[0]!.id;
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const admin = await t.signedIn(p.staff.admin.email);
    // Session 1 attended: the client's request and link exist.
    await insertCaseViewPlan(t.db, () => new Date(NOW), p.practice);
    expect(
      (
        await therapist.call('POST', `/api/sessions/${sessionId}/attendance`, {
          attendance: 'attended',
        })
      ).statusCode,
    ).toBe(200);
    const requests = (await therapist.call('GET', `/api/sessions/${sessionId}/requests`)).json();
    const clientRequest = requests.requests.find(
      (r: { respondentKind: string }) => r.respondentKind === 'client',
    );
    const link = (await therapist.call('POST', `/api/requests/${clientRequest.id}/link`)).json()
      .url as string;
    const path = new URL(link, 'http://localhost').pathname;

    expect(clientRequest.status).toBe('open');
    const closed = await admin.call('POST', `/api/case-records/${caseId}/close`, {
      reason: 'dropped-out',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'dropped-out' });
    const open = await t.db
      .selectFrom('questionnaire_request')
      .select('status')
      .where('case_id', '=', caseId)
      .execute();
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.status !== 'open')).toBe(true);
    const visit = await t.app.inject({ url: path });
    expect(visit.statusCode).toBe(303);
    expect(visit.cookies.find((c) => c.name === VISIT_COOKIE && c.value !== '')).toBeUndefined();

    const writes: [string, string, object][] = [
      [
        'POST',
        `/api/cases/${caseId}/sessions`,
        {
          startsAt: '2026-12-14T10:00:00Z',
          endsAt: '2026-12-14T10:50:00Z',
          modality: 'video',
          language: 'en',
        },
      ],
      ['PATCH', `/api/sessions/${sessionId}`, { modality: 'video' }],
      ['POST', `/api/sessions/${sessionId}/attendance`, { attendance: 'no-show' }],
      ['PUT', `/api/sessions/${sessionId}/reflection`, { body: 'x', sharedWithSupervisor: false }],
      [
        'POST',
        `/api/cases/${caseId}/rupture-events`,
        {
          sessionId,
          markers: ['withdrawal'],
          strategies: ['acknowledge'],
          description: 'd',
          outcome: 'partly',
        },
      ],
      ['POST', `/api/cases/${caseId}/supervision-notes`, { body: 'note' }],
    ];
    for (const [method, url, body] of writes) {
      const response = await therapist.call(method as 'POST', url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(409);
      expect(response.json().detail).toMatch(/closed/);
    }
    expect(JSON.stringify((await therapist.call('GET', '/api/caseload')).json())).not.toContain(
      caseId,
    );
    const closedList = await therapist.call(
      'GET',
      `/api/case-records?status=closed&q=${encodeURIComponent(p.case1.clients[0]!.familyName.slice(0, 8))}`,
    );
    expect(closedList.json().cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(
      (await admin.call('GET', '/api/case-records?status=closed&q=nobody-by-that-name')).json()
        .cases,
    ).toEqual([]);
    // The therapist still reads the history.
    expect((await therapist.call('GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    expect(
      (await admin.call('POST', `/api/case-records/${caseId}/close`, { reason: 'other' }))
        .statusCode,
    ).toBe(409);

    const reopened = await therapist.call('POST', `/api/case-records/${caseId}/reopen`);
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'active', closedAt: null, closedReason: null });
    expect(
      (await therapist.call('PATCH', `/api/sessions/${sessionId}`, { modality: 'video' }))
        .statusCode,
    ).toBe(200);
    expect((await therapist.call('POST', `/api/case-records/${caseId}/reopen`)).statusCode).toBe(
      409,
    );
  });

  it('transfers a case: the new therapist sees its history, the old one no longer does', async () => {
    const p = await createRolePractice(t.db);
    const caseId = p.case1.careCase.id;
    const admin = await t.signedIn(p.staff.admin.email);
    const before = await t.signedIn(p.staff.therapist1.email);
    const after = await t.signedIn(p.staff.therapist2.email);
    expect((await after.call('GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    const bad = [
      [{ fromTherapistId: p.staff.therapist2.id, toTherapistId: p.staff.therapist1.id }, 400],
      [{ fromTherapistId: p.staff.therapist1.id, toTherapistId: p.staff.therapist1.id }, 400],
      [{ fromTherapistId: p.staff.therapist1.id, toTherapistId: p.staff.supervisor.id }, 404],
      [{ fromTherapistId: p.staff.therapist1.id, toTherapistId: randomUUID() }, 404],
    ] as const;
    for (const [body, status] of bad)
      expect(
        (await admin.call('POST', `/api/case-records/${caseId}/transfer`, body)).statusCode,
      ).toBe(status);
    const moved = await admin.call('POST', `/api/case-records/${caseId}/transfer`, {
      fromTherapistId: p.staff.therapist1.id,
      toTherapistId: p.staff.therapist2.id,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().therapists).toEqual([
      { staffUserId: p.staff.therapist2.id, displayName: expect.any(String) },
    ]);
    expect((await after.call('GET', `/api/cases/${caseId}/sessions`)).json().sessions).toHaveLength(
      3,
    );
    expect((await before.call('GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['actor_id', 'details'])
      .where('action', '=', 'case.transfer')
      .where('entity_id', '=', caseId)
      .execute();
    expect(audit).toEqual([
      {
        actor_id: p.staff.admin.id,
        details: JSON.stringify({
          fromTherapistId: p.staff.therapist1.id,
          toTherapistId: p.staff.therapist2.id,
        }),
      },
    ]);

    // An admin of another clinic of the organization reaches none of it.
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
    expect((await otherAdmin.call('GET', `/api/case-records/${caseId}`)).statusCode).toBe(404);
    expect(
      (await otherAdmin.call('POST', `/api/case-records/${caseId}/close`, { reason: 'other' }))
        .statusCode,
    ).toBe(404);
  });
});
