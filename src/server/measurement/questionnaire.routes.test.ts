import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomAddress, signedIn } from '../../../test/helpers/auth-client.ts';
import { createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestPractice, createTestStaff } from '../../../test/helpers/factories.ts';
import { caseWithOpenRequest, waiAnswers } from '../../../test/helpers/questionnaire-fixture.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { setRequestStatus } from './questionnaire-request.repository.ts';
import { listScoresForCase } from './questionnaire-response.repository.ts';
import { BAD_LINKS_PER_ADDRESS } from './questionnaire-visit.service.ts';
import { VISIT_COOKIE } from './questionnaire.routes.ts';
import { readPracticeReport } from '../reports/practice-report.service.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

describe.each(testDialects)('the client questionnaire API, on %s', (dialect) => {
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
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** A phone: keeps the visit cookie the way a browser would. */
  function phone(address = randomAddress()) {
    let cookie: string | undefined;
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const response = await app.inject({
        method,
        url,
        remoteAddress: address,
        ...(payload && { payload }),
        headers: { ...(cookie && { cookie: `${VISIT_COOKIE}=${cookie}` }) },
      });
      const set = response.cookies.find((c) => c.name === VISIT_COOKIE);
      if (set) cookie = set.value === '' ? undefined : set.value;
      return response;
    };
    return { call, address, cookie: () => cookie };
  }

  /** What a person could tell apart: status, location, body without the request id. */
  const observable = (r: {
    statusCode: number;
    headers: Record<string, unknown>;
    body: string;
  }) => ({
    status: r.statusCode,
    location: r.headers.location,
    body: r.body.replace(/"instance":"[^"]*"/, '').replace(/"requestId":"[^"]*"/, ''),
  });

  it('swaps the link for a cookie, shows the forms, stores answers and then closes the link', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock);
    const client = phone();
    const opened = await client.call('GET', `/q/${fixture.token}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/questionnaire');
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    const cookie = opened.cookies.find((c) => c.name === VISIT_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).not.toBe(fixture.token);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only hashes are stored.
    const visits = await handle.db.selectFrom('questionnaire_visit').selectAll().execute();
    expect(JSON.stringify(visits)).not.toContain(cookie.value);

    const view = await client.call('GET', '/api/public/questionnaire');
    expect(view.statusCode).toBe(200);
    expect(view.headers['cache-control']).toBe('no-store');
    const body = view.json();
    expect(body).toMatchObject({
      language: 'en',
      firstName: 'Client1',
      dataNotice: null,
      progress: { answered: 0, total: 2 },
    });
    expect(body.storageKey).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(body)).not.toContain(fixture.clients[0]!.familyName);
    expect(body.forms.map((f: { id: string }) => f.id)).toEqual(['wai-sr', 'session-feedback']);
    expect(body.forms[0].items[0]).toMatchObject({
      id: '1',
      type: 'choice',
      text: 'As a result of these sessions I am clearer as to how I might be able to change.',
      options: [
        { value: 1, label: 'Seldom' },
        { value: 2, label: 'Sometimes' },
        { value: 3, label: 'Fairly Often' },
        { value: 4, label: 'Very Often' },
        { value: 5, label: 'Always' },
      ],
    });

    const submission = {
      submissionId: randomUUID(),
      instrumentId: 'wai-sr',
      answers: waiAnswers(4),
    };
    const first = await client.call('POST', '/api/public/questionnaire/responses', submission);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ stored: true, progress: { answered: 1, total: 2 } });
    const retry = await client.call('POST', '/api/public/questionnaire/responses', submission);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ stored: false, responseId: first.json().responseId });
    const changed = await client.call('POST', '/api/public/questionnaire/responses', {
      ...submission,
      answers: waiAnswers(2),
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.headers['content-type']).toContain('application/problem+json');

    const done = await client.call('POST', '/api/public/questionnaire/responses', {
      submissionId: randomUUID(),
      instrumentId: 'session-feedback',
      answers: { '3': 0 },
    });
    expect(done.json()).toMatchObject({
      requestCompleted: true,
      progress: { answered: 2, total: 2 },
    });
    const scores = await listScoresForCase(
      handle.db,
      fixture.practice.organization.id,
      fixture.careCase.id,
    );
    expect(
      scores.filter((s) => s.scaleId === 'total').map((s) => [s.instrumentId, s.value]),
    ).toEqual(
      expect.arrayContaining([
        ['wai-sr', 48],
        ['session-feedback', 0],
      ]),
    );

    // The request is complete: the visit shows nothing more, and the link opens nothing.
    expect((await client.call('GET', '/api/public/questionnaire')).statusCode).toBe(404);
    const again = phone();
    await again.call('GET', `/q/${fixture.token}`);
    expect(again.cookie()).toBeUndefined();
    const audit = await listAuditEvents(handle.db, fixture.practice.organization.id, {
      action: 'questionnaire.open',
    });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(fixture.token);
  });

  it('notes when the link was first opened, and a later opening keeps that time', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock);
    const firstOpenedAt = async () =>
      (
        await handle.db
          .selectFrom('questionnaire_request')
          .select('first_opened_at')
          .where('id', '=', fixture.request.id)
          .executeTakeFirstOrThrow()
      ).first_opened_at;
    expect(await firstOpenedAt()).toBeNull();
    const opened = new Date(time.now()).toISOString();
    expect((await phone().call('GET', `/q/${fixture.token}`)).statusCode).toBe(303);
    expect(await firstOpenedAt()).toBe(opened);
    // Ten minutes later, on another phone: a second visit, the same first opening.
    time.advance(10 * 60_000);
    expect((await phone().call('GET', `/q/${fixture.token}`)).statusCode).toBe(303);
    expect(await firstOpenedAt()).toBe(opened);
  });

  it('gives the practice report the minutes from opening the link to sending each form', async () => {
    // Five members (the report's smallest group), each opening their link ten minutes after
    // the one before, sending the WAI-SR 3 minutes after opening, the feedback 2 minutes later.
    const fixture = await caseWithOpenRequest(handle.db, clock, { members: 5 });
    const start = time.now();
    for (const [index, token] of fixture.tokens.entries()) {
      time.set(start + index * 10 * 60_000);
      const client = phone();
      expect((await client.call('GET', `/q/${token}`)).statusCode).toBe(303);
      time.advance(3 * 60_000);
      const forms = [
        { instrumentId: 'wai-sr', answers: waiAnswers(4) },
        { instrumentId: 'session-feedback', answers: { '3': 0 } },
      ];
      for (const form of forms) {
        const sent = await client.call('POST', '/api/public/questionnaire/responses', {
          submissionId: randomUUID(),
          ...form,
        });
        expect(sent.statusCode).toBe(200);
        time.advance(2 * 60_000);
      }
    }
    const admin = await createTestStaff(handle.db, fixture.practice, 'admin');
    const report = await readPracticeReport(
      { db: handle.db, clock },
      { userId: admin.id, organizationId: admin.organizationId, roles: [], authSessionId: 'test' },
      { from: '2026-11-02', to: '2026-11-08' },
      { ip: '127.0.0.1', requestId: 'report' },
    );
    expect(report.completion.map((r) => [r.instrumentId, r.timed, r.medianMinutes])).toEqual([
      ['session-feedback', 5, 2],
      ['wai-sr', 5, 3],
    ]);
  });

  it('names the therapist in the WAI-SR blank and says when a form has no text in the client’s language', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock);
    // The client reads Spanish: the WAI-SR has no Spanish text, so it comes as published.
    await handle.db
      .updateTable('questionnaire_request')
      .set({ language: 'es' })
      .where('id', '=', fixture.request.id)
      .execute();
    const client = phone();
    await client.call('GET', `/q/${fixture.token}`);
    const body = (await client.call('GET', '/api/public/questionnaire')).json();
    expect(body.language).toBe('es');
    const wai = body.forms.find((f: { id: string }) => f.id === 'wai-sr');
    expect(wai).toMatchObject({ language: 'en', languageMissing: true });
    const texts = wai.items.map((i: { text: string }) => i.text).join('\n');
    expect(texts).not.toContain('_____');
    expect(wai.items[4].text).toBe(`${fixture.therapist.displayName} and I respect each other.`);
    expect(wai.items[2].text).toBe(`I believe ${fixture.therapist.displayName} likes me.`);
  });

  it('answers an unknown, expired, used or revoked link, and a missing visit, all the same way', async () => {
    const used = await caseWithOpenRequest(handle.db, clock);
    const revoked = await caseWithOpenRequest(handle.db, clock);
    const expired = await caseWithOpenRequest(handle.db, clock);
    await setRequestStatus(
      handle.db,
      used.practice.organization.id,
      used.request.id,
      'completed',
      clock().toISOString(),
    );
    await setRequestStatus(
      handle.db,
      revoked.practice.organization.id,
      revoked.request.id,
      'revoked',
      clock().toISOString(),
    );
    const later = phone();
    // The expired one: opened once while valid, then the clock passes its expiry.
    const opens: ReturnType<typeof observable>[] = [];
    const views: ReturnType<typeof observable>[] = [];
    for (const token of [used.token, revoked.token, 'x'.repeat(43), 'nonsense', expired.token]) {
      if (token === expired.token) time.advance(73 * 3_600_000);
      const client = phone(later.address);
      const opened = await client.call('GET', `/q/${token}`);
      expect(client.cookie()).toBeUndefined();
      opens.push({ ...observable(opened), body: '' });
      views.push(observable(await client.call('GET', '/api/public/questionnaire')));
    }
    expect(new Set(opens.map((o) => JSON.stringify(o))).size).toBe(1);
    expect(opens[0]).toMatchObject({ status: 303, location: '/questionnaire' });
    expect(new Set(views.map((v) => JSON.stringify(v))).size).toBe(1);
    expect(views[0]!.status).toBe(404);
    expect(views[0]!.body).toContain('This link is no longer available.');
  });

  it('refuses every link from an address that sent too many bad ones, counted in the database', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock);
    const address = randomAddress();
    for (let i = 0; i < BAD_LINKS_PER_ADDRESS; i++) {
      await phone(address).call('GET', `/q/${randomUUID().replaceAll('-', '').padEnd(43, 'a')}`);
    }
    const blocked = phone(address);
    await blocked.call('GET', `/q/${fixture.token}`);
    expect(blocked.cookie()).toBeUndefined();
    // Another address (another instance would see the same counter) is not affected.
    const fine = phone();
    await fine.call('GET', `/q/${fixture.token}`);
    expect(fine.cookie()).toBeDefined();
    // After the window the address may try again.
    time.advance(16 * 60_000);
    const later = phone(address);
    await later.call('GET', `/q/${fixture.token}`);
    expect(later.cookie()).toBeDefined();
  });

  it("shows the clinic's data notice until the client has read it, set only by that clinic's admin", async () => {
    const practice = await createTestPractice(handle.db);
    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const therapist = await createStaffWithPassword(handle.db, practice, 'therapist');
    const outsider = await createStaffWithPassword(
      handle.db,
      await createTestPractice(handle.db),
      'admin',
    );
    const url = `/api/admin/clinics/${practice.clinic.id}/data-notice`;
    const adminClient = await signedIn(app, admin.email);
    expect((await adminClient.call('GET', url)).json()).toMatchObject({ text: null });
    const text = 'Your answers are kept by the clinic and read by your therapist only.';
    const put = await adminClient.call('PUT', url, { text });
    expect(put.statusCode).toBe(200);
    expect((await adminClient.call('PUT', url, { text: '   ' })).statusCode).toBe(400);
    // Like every admin route: no admin role at all is 403; another organization's admin 404.
    for (const [other, status] of [
      [await signedIn(app, therapist.email), 403],
      [await signedIn(app, outsider.email), 404],
    ] as const) {
      expect((await other.call('GET', url)).statusCode).toBe(status);
      expect((await other.call('PUT', url, { text: 'hijack' })).statusCode).toBe(status);
    }
    expect((await adminClient.call('GET', url)).json()).toMatchObject({ text });
    const audit = await listAuditEvents(handle.db, practice.organization.id, {
      entityId: practice.clinic.id,
      outcome: 'success',
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'data-notice.read',
      'data-notice.read',
      'data-notice.update',
    ]);

    const fixture = await caseWithOpenRequest(handle.db, clock, { practice });
    const client = phone();
    await client.call('GET', `/q/${fixture.token}`);
    expect((await client.call('GET', '/api/public/questionnaire')).json().dataNotice).toBe(text);
    expect(
      (await client.call('POST', '/api/public/questionnaire/notice-acknowledgement')).statusCode,
    ).toBe(204);
    expect((await client.call('GET', '/api/public/questionnaire')).json().dataNotice).toBeNull();
    // A changed notice is shown again.
    time.advance(60_000);
    await adminClient.call('PUT', url, { text: `${text} Updated.` });
    expect((await client.call('GET', '/api/public/questionnaire')).json().dataNotice).toBe(
      `${text} Updated.`,
    );
  });

  it('ignores a staff session under /api/public/: no cookie of the visit, no forms', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock);
    const staff = await signedIn(app, fixture.therapist.email);
    const view = await staff.call('GET', '/api/public/questionnaire');
    expect(view.statusCode).toBe(404);
    const post = await staff.call('POST', '/api/public/questionnaire/responses', {
      submissionId: randomUUID(),
      instrumentId: 'wai-sr',
      answers: waiAnswers(3),
    });
    expect(post.statusCode).toBe(404);
    expect(
      await listScoresForCase(handle.db, fixture.practice.organization.id, fixture.careCase.id),
    ).toEqual([]);
  });
});
