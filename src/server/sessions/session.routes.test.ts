import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import {
  createTestPractice,
  createTestCase,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { addCoTherapist, createRolePractice } from '../../../test/helpers/role-practice.ts';
import { createStaffWithPassword, signedIn } from '../../../test/helpers/auth-client.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { insertInterpreter } from '../interpreters/interpreter.repository.ts';
import { listRequestsForSession } from '../measurement/questionnaire-request.repository.ts';
import { listSessionsForCase } from './session.repository.ts';
import { insertTestPlan } from '../../../test/helpers/plan.fixture.ts';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

describe.each(testDialects)('sessions, reflections and interpreters over HTTP on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const logs: string[] = [];
  const now = new Date('2026-11-23T12:00:00Z');
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock: () => now,
      auth: { ...defaultAuthSettings, mode: 'password-only' },
      secret: SECRET,
      logLevel: 'info',
      logStream: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  async function practiceWithPlan() {
    const p = await createRolePractice(handle.db);
    await insertTestPlan(handle.db, p.practice, { entries: defaultMeasurementPlanEntries() });
    return p;
  }

  it('a therapist adds sessions numbered in sequence, with times stored in UTC, audited', async () => {
    const p = await practiceWithPlan();
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const created = await t1.call('POST', `/api/cases/${p.case1.careCase.id}/sessions`, {
      startsAt: '2026-11-30T10:00:00+01:00',
      endsAt: '2026-11-30T10:50:00+01:00',
      modality: 'video',
      language: 'ES',
      interpreterId: p.interpreter.id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      number: 4,
      startsAt: '2026-11-30T09:00:00.000Z',
      endsAt: '2026-11-30T09:50:00.000Z',
      attendance: 'scheduled',
      language: 'es',
      interpreterName: 'Test Interpreter',
      clinicTimeZone: 'Europe/London',
      access: 'write',
    });
    // Several at once still get distinct, consecutive numbers.
    const body = {
      startsAt: '2026-12-07T09:00:00Z',
      endsAt: '2026-12-07T09:50:00Z',
      modality: 'in-person',
      language: 'en',
    };
    const many = await Promise.all(
      [1, 2, 3].map(() => t1.call('POST', `/api/cases/${p.case1.careCase.id}/sessions`, body)),
    );
    expect(many.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(many.map((r) => r.json().number as number).sort()).toEqual([5, 6, 7]);
    const audit = await listAuditEvents(handle.db, p.practice.organization.id, {
      action: 'session.create',
    });
    expect(audit).toHaveLength(4);
    expect(audit[0]).toMatchObject({ actorId: p.staff.therapist1.id, outcome: 'success' });
  });

  it('refuses bad input with problem+json and changes nothing', async () => {
    const p = await practiceWithPlan();
    const other = await createTestPractice(handle.db);
    const foreignInterpreter = randomUUID();
    await insertInterpreter(
      handle.db,
      {
        id: foreignInterpreter,
        organizationId: other.organization.id,
        staffUserId: null,
        displayName: 'Elsewhere',
        languages: ['fr'],
        clinicalExperience: null,
        briefingAcknowledgedAt: null,
      },
      now.toISOString(),
    );
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const url = `/api/cases/${p.case1.careCase.id}/sessions`;
    const good = {
      startsAt: '2026-11-30T10:00:00Z',
      endsAt: '2026-11-30T10:50:00Z',
      modality: 'phone',
      language: 'en',
    };
    const bad = [
      { ...good, endsAt: '2026-11-30T09:00:00Z' },
      { ...good, endsAt: '2026-12-01T10:00:00Z' },
      { ...good, startsAt: '2026-11-30 10:00' },
      { ...good, startsAt: '2026-11-30T10:00:00' },
      { ...good, language: '<script>window.__xss=1</script>' },
      { ...good, modality: 'telepathy' },
      { ...good, interpreterId: foreignInterpreter },
      { ...good, surprise: 1 },
    ];
    for (const body of bad) {
      const response = await t1.call('POST', url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.length).toBeGreaterThan(0);
    }
    const sessionId = p.case1.sessions[0]!.id;
    const patch = await t1.call('PATCH', `/api/sessions/${sessionId}`, {
      endsAt: '2026-11-02T09:00:00Z',
    });
    expect(patch.statusCode).toBe(400);
    expect((await t1.call('PATCH', `/api/sessions/${sessionId}`, {})).statusCode).toBe(400);
    expect(
      (await t1.call('POST', `/api/sessions/${sessionId}/attendance`, { attendance: 'maybe' }))
        .statusCode,
    ).toBe(400);
    const sessions = await listSessionsForCase(
      handle.db,
      p.practice.organization.id,
      p.case1.careCase.id,
    );
    expect(sessions.map((s) => [s.number, s.endsAt, s.attendance])).toEqual(
      p.case1.sessions.map((s) => [s.number, s.endsAt, s.attendance]),
    );
  });

  it('lets the therapist edit and record attendance; supervisors only read (403 on change); others get 404', async () => {
    const p = await practiceWithPlan();
    const session = p.case1.sessions[2]!; // scheduled
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const supervisor = await signedIn(app, p.staff.supervisor.email);
    const t2 = await signedIn(app, p.staff.therapist2.email);
    const admin = await signedIn(app, p.staff.admin.email);

    const edit = await t1.call('PATCH', `/api/sessions/${session.id}`, {
      modality: 'video',
      language: 'pt-br',
      startsAt: '2026-11-16T10:30:00Z',
      endsAt: '2026-11-16T11:20:00Z',
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ modality: 'video', language: 'pt-BR' });

    const attended = await t1.call('POST', `/api/sessions/${session.id}/attendance`, {
      attendance: 'attended',
    });
    expect(attended.json()).toEqual({
      attendance: 'attended',
      // The client's forms and the therapist's own session rating (the default plan).
      requestsCreated: 2,
      requestsRevoked: 0,
    });
    const again = await t1.call('POST', `/api/sessions/${session.id}/attendance`, {
      attendance: 'attended',
    });
    expect(again.json().requestsCreated).toBe(0);
    const corrected = await t1.call('POST', `/api/sessions/${session.id}/attendance`, {
      attendance: 'no-show',
    });
    expect(corrected.json()).toMatchObject({ requestsRevoked: 2 });
    const requests = await listRequestsForSession(
      handle.db,
      p.practice.organization.id,
      session.id,
    );
    expect(requests.map((r) => r.status)).toEqual(['revoked', 'revoked']);

    const read = await supervisor.call('GET', `/api/sessions/${session.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().access).toBe('read');
    expect(
      (await supervisor.call('GET', `/api/cases/${p.case1.careCase.id}/sessions`)).statusCode,
    ).toBe(200);
    for (const [method, url, body] of [
      ['PATCH', `/api/sessions/${session.id}`, { modality: 'phone' }],
      ['POST', `/api/sessions/${session.id}/attendance`, { attendance: 'attended' }],
      [
        'POST',
        `/api/cases/${p.case1.careCase.id}/sessions`,
        {
          startsAt: '2026-12-01T10:00:00Z',
          endsAt: '2026-12-01T10:50:00Z',
          modality: 'phone',
          language: 'en',
        },
      ],
    ] as const) {
      // The supervisor sees the case, read-only; the others do not see it at all.
      expect((await supervisor.call(method, url, body)).statusCode).toBe(403);
      expect((await t2.call(method, url, body)).statusCode).toBe(404);
      expect((await admin.call(method, url, body)).statusCode).toBe(404);
    }
    expect((await t2.call('GET', `/api/sessions/${session.id}`)).statusCode).toBe(404);
    expect((await admin.call('GET', `/api/sessions/${session.id}`)).statusCode).toBe(404);
    const after = await t1.call('GET', `/api/sessions/${session.id}`);
    expect(after.json()).toMatchObject({ modality: 'video', attendance: 'no-show' });

    // The audit trail says who changed what, never the values.
    const audit = await listAuditEvents(handle.db, p.practice.organization.id, {
      entityId: session.id,
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['session.update', 'session.attendance', 'session.read']),
    );
    const update = audit.find((a) => a.action === 'session.update')!;
    expect(update.details).toEqual({ fields: 'endsAt,language,modality,startsAt' });
  });

  it('refuses to mark a session attended or a no-show before it starts, and lets it be cancelled ahead', async () => {
    const p = await practiceWithPlan();
    const t1 = await signedIn(app, p.staff.therapist1.email);
    // The clock is 2026-11-23T12:00Z; this session starts at 12:30.
    const later = await t1.call('POST', `/api/cases/${p.case1.careCase.id}/sessions`, {
      startsAt: '2026-11-23T12:30:00Z',
      endsAt: '2026-11-23T13:20:00Z',
      modality: 'in-person',
      language: 'en',
    });
    const url = `/api/sessions/${later.json().id}/attendance`;
    for (const attendance of ['attended', 'no-show']) {
      const early = await t1.call('POST', url, { attendance });
      expect(early.statusCode).toBe(409);
      expect(early.headers['content-type']).toContain('application/problem+json');
      expect(early.json().detail).toContain('has not started yet');
    }
    const orgId = p.practice.organization.id;
    expect(await listRequestsForSession(handle.db, orgId, later.json().id)).toEqual([]);
    const shown = await t1.call('GET', `/api/sessions/${later.json().id}`);
    expect(shown.json().attendance).toBe('scheduled');
    const cancelled = await t1.call('POST', url, { attendance: 'cancelled' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().attendance).toBe('cancelled');
  });

  it('state-changing session routes need the CSRF token', async () => {
    const p = await practiceWithPlan();
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const session = p.case1.sessions[2]!;
    const calls = [
      ['PATCH', `/api/sessions/${session.id}`, { modality: 'phone' }],
      ['POST', `/api/sessions/${session.id}/attendance`, { attendance: 'attended' }],
      ['PUT', `/api/sessions/${session.id}/reflection`, { body: 'x', sharedWithSupervisor: false }],
      [
        'POST',
        `/api/cases/${p.case1.careCase.id}/sessions`,
        {
          startsAt: '2026-12-01T10:00:00Z',
          endsAt: '2026-12-01T10:50:00Z',
          modality: 'phone',
          language: 'en',
        },
      ],
    ] as const;
    for (const [method, url, body] of calls) {
      expect((await t1.call(method, url, body, { csrf: null })).statusCode).toBe(403);
      expect((await t1.call(method, url, body, { csrf: 'wrong' })).statusCode).toBe(403);
    }
    const sessions = await listSessionsForCase(
      handle.db,
      p.practice.organization.id,
      p.case1.careCase.id,
    );
    expect(sessions).toHaveLength(3);
    expect(sessions[2]).toMatchObject({ modality: 'in-person', attendance: 'scheduled' });
  });

  it('keeps reflections private: author only, supervisor while shared, never in logs or audit', async () => {
    const p = await practiceWithPlan();
    const coTherapist = await createStaffWithPassword(handle.db, p.practice, 'therapist');
    await addCoTherapist(handle.db, p.practice, p.case1.careCase.id, coTherapist.id);
    const session = p.case1.sessions[0]!;
    const url = `/api/sessions/${session.id}/reflection`;
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const supervisor = await signedIn(app, p.staff.supervisor.email);
    const t2 = await signedIn(app, p.staff.therapist2.email);
    const text = `Felt pulled to rescue; noticed my own impatience ${randomUUID()}`;

    expect((await t1.call('GET', url)).json()).toEqual({ own: null, shared: [] });
    expect((await supervisor.call('GET', url)).statusCode).toBe(404);
    const saved = await t1.call('PUT', url, { body: text, sharedWithSupervisor: false });
    expect(saved.statusCode).toBe(200);
    expect((await t1.call('GET', url)).json().own).toMatchObject({
      body: text,
      sharedWithSupervisor: false,
    });
    expect((await supervisor.call('GET', url)).statusCode).toBe(404);
    expect((await t2.call('GET', url)).statusCode).toBe(404);
    expect(
      (await t2.call('PUT', url, { body: 'mine', sharedWithSupervisor: true })).statusCode,
    ).toBe(404);
    expect(
      (await supervisor.call('PUT', url, { body: 'mine', sharedWithSupervisor: false })).statusCode,
    ).toBe(404);

    await t1.call('PUT', url, { body: text, sharedWithSupervisor: true });
    const shared = await supervisor.call('GET', url);
    expect(shared.statusCode).toBe(200);
    expect(shared.json()).toMatchObject({
      own: null,
      shared: [{ body: text, authorId: p.staff.therapist1.id }],
    });

    // A co-therapist on the same case has their own note and never sees the other's.
    const co = await signedIn(app, coTherapist.email);
    expect((await co.call('GET', url)).json()).toEqual({ own: null, shared: [] });

    await t1.call('PUT', url, { body: text, sharedWithSupervisor: false });
    expect((await supervisor.call('GET', url)).statusCode).toBe(404);

    expect(logs.join('')).not.toContain(text.slice(0, 20));
    const audit = await listAuditEvents(handle.db, p.practice.organization.id, {});
    expect(JSON.stringify(audit)).not.toContain(text.slice(0, 20));
    expect(audit.filter((a) => a.action === 'session.reflection.write')).toHaveLength(3);
  });

  it('shows an interpreter their sessions with nothing clinical, and no case', async () => {
    const p = await practiceWithPlan();
    const interpreter = await signedIn(app, p.staff.interpreter.email);
    const list = await interpreter.call('GET', '/api/interpreter/sessions');
    expect(list.statusCode).toBe(200);
    expect(list.json().sessions).toEqual([
      {
        id: p.case1.sessions[0]!.id,
        number: 1,
        startsAt: p.case1.sessions[0]!.startsAt,
        endsAt: p.case1.sessions[0]!.endsAt,
        clinicName: p.practice.clinic.name,
        clinicTimeZone: 'Europe/London',
        modality: 'in-person',
        language: 'es',
        attendance: 'attended',
        caseReference: p.case1.careCase.reference,
        therapists: [p.staff.therapist1.displayName],
      },
    ]);
    expect(list.body).not.toContain(p.case1.clients[0]!.familyName);
    expect(
      (await interpreter.call('GET', `/api/sessions/${p.case1.sessions[0]!.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await interpreter.call('GET', `/api/cases/${p.case1.careCase.id}/sessions`)).statusCode,
    ).toBe(404);
    const t1 = await signedIn(app, p.staff.therapist1.email);
    expect((await t1.call('GET', '/api/interpreter/sessions')).json().sessions).toEqual([]);
  });

  it("lists an interpreter's sessions not yet over first, soonest first, then the past, latest first", async () => {
    const p = await practiceWithPlan();
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const add = async (startsAt: string, endsAt: string) => {
      const r = await t1.call('POST', `/api/cases/${p.case1.careCase.id}/sessions`, {
        startsAt,
        endsAt,
        modality: 'video',
        language: 'es',
        interpreterId: p.interpreter.id,
      });
      expect(r.statusCode).toBe(201);
      return r.json().id as string;
    };
    // The clock is 2026-11-23T12:00Z: one session later today, one next week, one running now.
    const nextWeek = await add('2026-11-30T10:00:00Z', '2026-11-30T10:50:00Z');
    const laterToday = await add('2026-11-23T15:00:00Z', '2026-11-23T15:50:00Z');
    const now = await add('2026-11-23T11:30:00Z', '2026-11-23T12:20:00Z');
    const interpreter = await signedIn(app, p.staff.interpreter.email);
    const ids = (await interpreter.call('GET', '/api/interpreter/sessions'))
      .json()
      .sessions.map((s: { id: string }) => s.id);
    // The fixture's first session (in the past) comes last.
    expect(ids).toEqual([now, laterToday, nextWeek, p.case1.sessions[0]!.id]);
  });

  it('answers 404 for another organization’s case and session ids', async () => {
    const p = await practiceWithPlan();
    const other = await createTestPractice(handle.db);
    const otherTherapist = await createTestStaff(handle.db, other);
    const otherCase = await createTestCase(handle.db, other, otherTherapist.id);
    const t1 = await signedIn(app, p.staff.therapist1.email);
    const sessionId = otherCase.sessions[0]!.id;
    expect((await t1.call('GET', `/api/sessions/${sessionId}`)).statusCode).toBe(404);
    expect((await t1.call('GET', `/api/sessions/${sessionId}/reflection`)).statusCode).toBe(404);
    expect(
      (await t1.call('PATCH', `/api/sessions/${sessionId}`, { modality: 'phone' })).statusCode,
    ).toBe(404);
    expect((await t1.call('GET', `/api/cases/${otherCase.careCase.id}/sessions`)).statusCode).toBe(
      404,
    );
  });
});
