import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword, signedIn } from '../../../test/helpers/auth-client.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import {
  FIXTURE_SECRET,
  sessionWithTherapistForm,
} from '../../../test/helpers/therapist-form-fixture.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { insertSupervision } from '../staff/staff.repository.ts';
import { questionnaireToken } from './questionnaire-link.ts';
import { listScoresForCase } from './questionnaire-response.repository.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

describe.each(testDialects)("a session's requests, links and therapist forms, on %s", (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const time = useTestClock('2026-11-02T12:00:00Z');
  const clock = time.clock;

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock,
      auth: { ...defaultAuthSettings, mode: 'password-only' },
      secret: FIXTURE_SECRET,
      publicUrl: 'https://rapport.test.example',
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  async function withStaff() {
    const f = await sessionWithTherapistForm(handle.db, clock);
    const supervisor = await createStaffWithPassword(handle.db, f.practice, 'supervisor');
    await insertSupervision(handle.db, f.practice.organization.id, supervisor.id, f.therapist.id);
    const colleague = await createStaffWithPassword(handle.db, f.practice, 'therapist');
    const stranger = await sessionWithTherapistForm(handle.db, clock);
    return {
      ...f,
      therapistClient: await signedIn(app, f.therapist.email),
      supervisorClient: await signedIn(app, supervisor.email),
      colleagueClient: await signedIn(app, colleague.email),
      strangerClient: await signedIn(app, stranger.therapist.email),
    };
  }

  it("lists a session's requests for its therapist and supervisor, and nobody else", async () => {
    const f = await withStaff();
    const url = `/api/sessions/${f.session.id}/requests`;
    const own = await f.therapistClient.call('GET', url);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({
      sessionId: f.session.id,
      access: 'write',
      requests: [
        expect.objectContaining({
          id: f.clientRequest.id,
          respondentKind: 'client',
          respondentName: f.clients[0]!.givenName,
          instruments: ['wai-sr'],
          status: 'open',
          expiresAt: '2026-11-05T12:00:00.000Z',
          mine: false,
          language: 'en',
          untranslated: [],
        }),
        expect.objectContaining({
          id: f.therapistRequest.id,
          respondentKind: 'therapist',
          instruments: ['synthetic-therapist-check'],
          // The therapist's own form: the session page links to it.
          mine: true,
        }),
      ],
    });
    expect(own.body).not.toContain(f.clients[0]!.familyName);
    // A Spanish-speaking client: the therapist is told the WAI-SR has no Spanish text.
    await handle.db
      .updateTable('questionnaire_request')
      .set({ language: 'es' })
      .where('id', '=', f.clientRequest.id)
      .execute();
    const spanish = (await f.therapistClient.call('GET', url)).json();
    expect(spanish.requests[0]).toMatchObject({ language: 'es', untranslated: ['wai-sr'] });
    const supervised = await f.supervisorClient.call('GET', url);
    expect(supervised.statusCode).toBe(200);
    expect(supervised.json().access).toBe('read');
    expect((await f.colleagueClient.call('GET', url)).statusCode).toBe(404);
    expect((await f.strangerClient.call('GET', url)).statusCode).toBe(404);
    expect(
      (await f.therapistClient.call('GET', `/api/sessions/${randomUUID()}/requests`)).statusCode,
    ).toBe(404);

    time.set('2026-11-05T12:00:00Z');
    // Days later the staff session has timed out: sign in again.
    const later = await (await signedIn(app, f.therapist.email)).call('GET', url);
    expect(later.json().requests[0].status).toBe('expired');
    const events = await listAuditEvents(handle.db, f.practice.organization.id);
    expect(events.filter((e) => e.action === 'questionnaire-request.list')).toHaveLength(4);
  });

  it("gives the case's therapist an open client request's link, audited, and no one else", async () => {
    const f = await withStaff();
    const url = `/api/requests/${f.clientRequest.id}/link`;
    const token = questionnaireToken(FIXTURE_SECRET, f.clientRequest.id);
    const shown = await f.therapistClient.call('POST', url);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.json()).toEqual({
      requestId: f.clientRequest.id,
      url: `https://rapport.test.example/q/${token}`,
      expiresAt: '2026-11-05T12:00:00.000Z',
    });
    // Shown again, it is the same link: nothing is reissued.
    expect((await f.therapistClient.call('POST', url)).json().url).toBe(shown.json().url);
    // The link opens the questionnaire.
    expect((await app.inject({ method: 'GET', url: `/q/${token}` })).cookies).toHaveLength(1);

    expect((await f.supervisorClient.call('POST', url)).statusCode).toBe(403);
    expect((await f.colleagueClient.call('POST', url)).statusCode).toBe(404);
    expect((await f.strangerClient.call('POST', url)).statusCode).toBe(404);
    expect(
      (await f.therapistClient.call('POST', `/api/requests/${randomUUID()}/link`)).statusCode,
    ).toBe(404);
    // A therapist's own request has no link, and a missing CSRF token changes nothing.
    expect(
      (await f.therapistClient.call('POST', `/api/requests/${f.therapistRequest.id}/link`))
        .statusCode,
    ).toBe(404);
    expect((await f.therapistClient.call('POST', url, undefined, { csrf: null })).statusCode).toBe(
      403,
    );
    expect((await f.therapistClient.call('POST', '/api/requests/not-a-uuid/link')).statusCode).toBe(
      400,
    );

    const events = await listAuditEvents(handle.db, f.practice.organization.id);
    const links = events.filter((e) => e.action === 'questionnaire-request.link');
    expect(links).toHaveLength(2);
    expect(links[0]).toMatchObject({ actorId: f.therapist.id, entityId: f.clientRequest.id });
    expect(JSON.stringify(events)).not.toContain(token);

    time.set('2026-11-05T12:00:00Z');
    expect((await (await signedIn(app, f.therapist.email)).call('POST', url)).statusCode).toBe(409);
  });

  it("lets a therapist answer their own form as the session's therapist side, once", async () => {
    const f = await withStaff();
    const listed = await f.therapistClient.call('GET', '/api/me/forms');
    expect(listed.json().forms).toEqual([
      expect.objectContaining({
        id: f.therapistRequest.id,
        caseReference: f.careCase.reference,
        sessionNumber: 1,
        instruments: ['synthetic-therapist-check'],
      }),
    ]);
    expect((await f.supervisorClient.call('GET', '/api/me/forms')).json().forms).toEqual([]);

    const url = `/api/me/forms/${f.therapistRequest.id}`;
    const view = await f.therapistClient.call('GET', url);
    expect(view.statusCode).toBe(200);
    expect(view.json().forms[0]).toMatchObject({
      id: 'synthetic-therapist-check',
      items: [expect.objectContaining({ text: 'Synthetic test item A' }), expect.anything()],
    });
    for (const other of [f.supervisorClient, f.colleagueClient, f.strangerClient])
      expect((await other.call('GET', url)).statusCode).toBe(404);
    // The client's request is not the therapist's form.
    expect(
      (await f.therapistClient.call('GET', `/api/me/forms/${f.clientRequest.id}`)).statusCode,
    ).toBe(404);

    const submission = {
      submissionId: randomUUID(),
      instrumentId: 'synthetic-therapist-check',
      answers: { '1': 4, '2': 2 },
    };
    const bad = await f.therapistClient.call('POST', `${url}/responses`, {
      ...submission,
      answers: { '1': 9 },
    });
    expect(bad.statusCode).toBe(400);
    expect((await f.colleagueClient.call('POST', `${url}/responses`, submission)).statusCode).toBe(
      404,
    );
    const sent = await f.therapistClient.call('POST', `${url}/responses`, submission);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({
      stored: true,
      requestCompleted: true,
      progress: { answered: 1, total: 1 },
    });
    const again = await f.therapistClient.call('POST', `${url}/responses`, submission);
    expect(again.json()).toMatchObject({ stored: false, responseId: sent.json().responseId });

    const scores = await listScoresForCase(handle.db, f.practice.organization.id, f.careCase.id);
    expect(scores.filter((s) => s.instrumentId === 'synthetic-therapist-check')).toEqual([
      expect.objectContaining({ respondentKind: 'therapist', scaleId: 'total', value: 3 }),
    ]);
    expect((await f.therapistClient.call('GET', '/api/me/forms')).json().forms).toEqual([]);
    expect((await f.therapistClient.call('GET', url)).statusCode).toBe(404);
    const events = await listAuditEvents(handle.db, f.practice.organization.id);
    expect(events.find((e) => e.action === 'response.submit')).toMatchObject({
      actorType: 'staff',
      actorId: f.therapist.id,
    });
  });

  it('answers 401 without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/me/forms' })).statusCode).toBe(401);
  });
});
