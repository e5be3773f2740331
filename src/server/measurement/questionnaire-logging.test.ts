import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWithOpenRequest, waiAnswers } from '../../../test/helpers/questionnaire-fixture.ts';
import { openTestDatabase } from '../../../test/helpers/test-databases.ts';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { VISIT_COOKIE } from './questionnaire.routes.ts';

// A client's whole visit, logged at the most talkative level: the log may say which routes
// were called and how they answered, never the link's token, the visit cookie, a name, an
// answer or the free text someone wrote about their therapy.
describe('the client questionnaire in the logs', () => {
  let handle: DatabaseHandle;
  const lines: string[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  const clock = () => new Date('2026-11-02T12:00:00Z');

  beforeAll(async () => {
    handle = await openTestDatabase('sqlite');
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock,
      logLevel: 'trace',
      logStream: sink,
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('holds routes and statuses, never the token, cookie, names, answers or free text', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock);
    const opened = await app.inject({ method: 'GET', url: `/q/${fixture.token}` });
    const cookieValue = opened.cookies.find((c) => c.name === VISIT_COOKIE)!.value;
    const headers = { cookie: `${VISIT_COOKIE}=${cookieValue}` };
    const form = await app.inject({ method: 'GET', url: '/api/public/questionnaire', headers });
    expect(form.statusCode).toBe(200);
    const freeText = 'I felt my therapist rushed me past the argument with my sister';
    const answered = await app.inject({
      method: 'POST',
      url: '/api/public/questionnaire/responses',
      headers,
      payload: { submissionId: randomUUID(), instrumentId: 'wai-sr', answers: waiAnswers(4) },
    });
    expect(answered.statusCode).toBe(200);
    const feedback = await app.inject({
      method: 'POST',
      url: '/api/public/questionnaire/responses',
      headers,
      payload: {
        submissionId: randomUUID(),
        instrumentId: 'session-feedback',
        answers: { '1': freeText, '3': 3, '4': 1 },
      },
    });
    expect(feedback.statusCode, feedback.body).toBe(200);

    const log = lines.join('');
    expect(log).toContain('/q/:token');
    expect(log).toContain('/api/public/questionnaire/responses');
    expect(log).not.toContain(fixture.token);
    expect(log).not.toContain(cookieValue);
    expect(log).not.toContain(fixture.clients[0]!.givenName);
    expect(log).not.toContain(fixture.clients[0]!.familyName);
    expect(log).not.toContain(freeText);
    expect(log).not.toContain('"answers"');
  });
});
