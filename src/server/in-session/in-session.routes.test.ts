import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  type StaffClient,
  TEST_PASSWORD,
  authClient,
  createStaffWithPassword,
} from '../../../test/helpers/auth-client.ts';
import { createScoredCase } from '../../../test/helpers/scored-case.fixture.ts';
import { createSupervisedPractice, useTestApp } from '../../../test/helpers/test-app.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { InSessionView } from '../../core/api/in-session.ts';
import { recomputeCaseAlerts } from '../alerts/recompute-case-alerts.service.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';

describe.each(testDialects)('the in-session view on %s', (dialect) => {
  const time = useTestClock('2026-11-10T12:00:00.000Z');
  // Two factors, as a real install: leaving the view takes the password and the code.
  const api = useTestApp(dialect, time.clock, { auth: defaultAuthSettings });
  const totpCode = (secret: string) => generate({ secret, epoch: Math.floor(time.now() / 1000) });

  /** Signs a staff member in with both factors (enrolling the app on the first sign-in). */
  async function signInWithTotp(email: string, secret?: string) {
    const client = authClient(api.app);
    const login = await client.call('POST', '/api/auth/login', { email, password: TEST_PASSWORD });
    expect(login.statusCode).toBe(200);
    if (secret) {
      time.advance(30_000); // a code works once: the next one is a new time step
      const code = await client.call('POST', '/api/auth/second-factor', {
        code: await totpCode(secret),
      });
      expect(code.json().state).toBe('signed-in');
      return { client, secret };
    }
    const enrolment = (await client.call('POST', '/api/auth/totp/enrolment')).json();
    const confirm = await client.call('POST', '/api/auth/totp/enrolment/confirm', {
      code: await totpCode(enrolment.secret),
    });
    expect(confirm.json().state).toBe('signed-in');
    return { client, secret: enrolment.secret as string };
  }

  /** A couple with alerts, a therapist rating, a reflection and a supervision note. */
  async function coupleCase() {
    const db = api.db;
    const { practice, therapist, supervisor } = await createSupervisedPractice(db, time.clock);
    const made = await createScoredCase(db, time.clock, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: Array.from({ length: 5 }, () => 'attended' as const),
      firstSessionAt: '2026-09-22T09:00:00.000Z',
      wai: (session, member) => (session === 4 ? 24 : 48 - member * 6),
      phq: (session, member) => 12 - session - member,
      therapistTotal: (session) => 40 + session,
    });
    await recomputeCaseAlerts(db, time.clock, practice.organization.id, made.careCase.id);
    const { client: asTherapist, secret } = await signInWithTotp(therapist.email);
    await asTherapist.call('PUT', `/api/sessions/${made.sessions[3]!.id}/reflection`, {
      body: 'REFLECTION-MARKER private thoughts',
      sharedWithSupervisor: false,
    });
    await asTherapist.call('POST', `/api/cases/${made.careCase.id}/supervision-notes`, {
      body: 'SUPERVISION-MARKER note',
    });
    return { practice, therapist, supervisor, asTherapist, secret, ...made };
  }

  const start = (client: StaffClient, caseId: string, clientId: string) =>
    client.call('POST', `/api/cases/${caseId}/in-session`, { clientId });

  it('shows the chosen client only their own trajectories, and nothing else is in the answer', async () => {
    const { asTherapist, careCase, clients, therapist, practice } = await coupleCase();
    const [alex, sam] = clients;
    expect((await start(asTherapist, careCase.id, alex!.id)).statusCode).toBe(204);

    const session = (await asTherapist.call('GET', '/api/auth/session')).json();
    expect(session).toMatchObject({ state: 'in-session', staff: null });

    const response = await asTherapist.call('GET', '/api/in-session');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const view = response.json() as InSessionView;
    expect(view.client).toEqual({ givenName: alex!.givenName });
    expect(view.outcomes).toEqual([
      {
        instrumentId: 'phq-9',
        range: { min: 0, max: 27 },
        higherIsBetter: false,
        cutOffs: [10],
        points: [1, 2, 3, 4, 5].map((n) => ({ sessionNumber: n, value: 12 - n })),
      },
    ]);
    expect(view.alliance.map((a) => a.scale)).toEqual(['total', 'goal', 'task', 'bond']);
    // Alex's WAI-SR mean item: 4 (48 of 60), 2 at session 4; Sam's would be 3.5.
    expect(view.alliance[0]!.points.map((p) => p.value)).toEqual([4, 4, 4, 2, 4]);
    expect(view.alliance[0]!.range).toEqual({ min: 1, max: 5 });
    // Nothing of anyone else, no alert, no note: not even an id.
    const body = response.body;
    for (const absent of [
      sam!.id,
      sam!.givenName,
      alex!.familyName,
      therapist.id,
      therapist.displayName,
      'MARKER',
      'rupture',
      'explanation',
    ])
      expect(body, absent).not.toContain(absent);

    const audit = await listAuditEvents(api.db, practice.organization.id, {});
    const actions = audit.filter((e) => e.entityId === careCase.id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['in-session.start', 'in-session.read']));
    expect(JSON.stringify(audit)).not.toContain(alex!.givenName);
  });

  it('refuses every other staff route until someone signs in again with password and code', async () => {
    const { asTherapist, careCase, clients, sessions, therapist, secret } = await coupleCase();
    const [alex, sam] = clients;
    await start(asTherapist, careCase.id, alex!.id);
    const inModeCookie = asTherapist.state.cookie;

    for (const [method, url, body] of [
      ['GET', `/api/cases/${careCase.id}`, undefined],
      ['GET', `/api/cases/${careCase.id}/alerts`, undefined],
      ['GET', `/api/cases/${careCase.id}/report`, undefined],
      ['GET', `/api/cases/${careCase.id}/supervision-notes`, undefined],
      ['GET', `/api/sessions/${sessions[3]!.id}/reflection`, undefined],
      ['GET', '/api/caseload', undefined],
      ['POST', `/api/cases/${careCase.id}/in-session`, { clientId: sam!.id }],
      [
        'POST',
        '/api/auth/password',
        { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(20) },
      ],
      ['POST', '/api/auth/second-factor/verify', { code: '000000' }],
      ['POST', '/api/auth/totp/enrolment', undefined],
    ] as const) {
      const response = await asTherapist.call(method, url, body);
      expect(response.statusCode, url).toBe(403);
      expect(response.json(), url).toMatchObject({ reauthenticate: 'sign-in' });
    }
    // Still Alex's view, not Sam's.
    expect((await asTherapist.call('GET', '/api/in-session')).json().client.givenName).toBe(
      alex!.givenName,
    );

    // A wrong password changes nothing.
    const wrong = await asTherapist.call('POST', '/api/auth/login', {
      email: therapist.email,
      password: 'not the password',
    });
    expect(wrong.statusCode).toBe(401);
    expect((await asTherapist.call('GET', '/api/auth/session')).json().state).toBe('in-session');

    // The password alone ends the view but is not yet a sign-in: the code is still to come.
    const login = await asTherapist.call('POST', '/api/auth/login', {
      email: therapist.email,
      password: TEST_PASSWORD,
    });
    expect(login.json().state).toBe('second-factor');
    expect((await asTherapist.call('GET', '/api/in-session')).statusCode).toBe(401);
    expect((await asTherapist.call('GET', `/api/cases/${careCase.id}`)).statusCode).toBe(401);
    time.advance(30_000);
    const code = await asTherapist.call('POST', '/api/auth/second-factor', {
      code: await totpCode(secret),
    });
    expect(code.json().state).toBe('signed-in');
    expect((await asTherapist.call('GET', `/api/cases/${careCase.id}`)).statusCode).toBe(200);
    expect((await asTherapist.call('GET', '/api/in-session')).statusCode).toBe(404);

    // The in-session cookie is worth nothing any more.
    const stale = authClient(api.app);
    stale.state.cookie = inModeCookie;
    expect((await stale.call('GET', '/api/auth/session')).json().state).toBe('signed-out');
    expect((await stale.call('GET', '/api/in-session')).statusCode).toBe(401);
  });

  it("opens only for the case's therapists and its members, and never from a plain session", async () => {
    const { asTherapist, careCase, clients, practice, supervisor, secret, therapist } =
      await coupleCase();
    // A plain signed-in session has no client view.
    expect((await asTherapist.call('GET', '/api/in-session')).statusCode).toBe(404);
    // A client who is not a member of this case (another case's member).
    const other = await createScoredCase(api.db, time.clock, practice, therapist.id, {
      type: 'individual',
      members: 1,
      attendance: ['attended'],
      firstSessionAt: '2026-09-22T09:00:00.000Z',
      wai: () => 40,
    });
    expect((await start(asTherapist, careCase.id, other.clients[0]!.id)).statusCode).toBe(404);
    expect((await start(asTherapist, careCase.id, 'not-a-uuid')).statusCode).toBe(400);
    expect((await asTherapist.call('GET', '/api/auth/session')).json().state).toBe('signed-in');

    const { client: asSupervisor } = await signInWithTotp(supervisor.email);
    expect((await start(asSupervisor, careCase.id, clients[0]!.id)).statusCode).toBe(404);
    const colleague = await createStaffWithPassword(api.db, practice, 'therapist');
    const { client: asColleague } = await signInWithTotp(colleague.email);
    expect((await start(asColleague, careCase.id, clients[0]!.id)).statusCode).toBe(404);
    expect((await start(authClient(api.app), careCase.id, clients[0]!.id)).statusCode).toBe(401);

    // The therapist's other devices stay as they were: the mode is this session's only.
    const { client: secondDevice } = await signInWithTotp(therapist.email, secret);
    await start(asTherapist, careCase.id, clients[0]!.id);
    expect((await secondDevice.call('GET', `/api/cases/${careCase.id}`)).statusCode).toBe(200);
  });
});
