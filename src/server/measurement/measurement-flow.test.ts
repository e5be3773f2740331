import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { recordAttendance } from './record-attendance.service.ts';
import { hashQuestionnaireToken, questionnaireToken } from './questionnaire-link.ts';
import {
  findRequestByTokenHash,
  listRequestsForSession,
} from './questionnaire-request.repository.ts';
import { listScoresForCase } from './questionnaire-response.repository.ts';
import { submitResponse } from './submit-response.service.ts';
import { everySession, insertTestPlan } from '../../../test/helpers/plan.fixture.ts';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';
const waiAnswers = (value: number) =>
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), value]));

describe.each(testDialects)('from an attended session to stored scores, on %s', (dialect) => {
  let handle: DatabaseHandle;
  const now = new Date('2026-11-02T12:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  /** Marks the session attended (as the system) and returns the requests that made. */
  async function attendAndListRequests(organizationId: string, sessionId: string) {
    await recordAttendance(
      handle.db,
      clock,
      SECRET,
      { organizationId, sessionId, attendance: 'attended' },
      { type: 'system', id: null },
    );
    return listRequestsForSession(handle.db, organizationId, sessionId);
  }

  async function couple() {
    const practice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    await insertTestPlan(handle.db, practice, {
      entries: [everySession('wai-sr'), everySession('session-feedback')],
    });
    const made = await createTestCase(handle.db, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['scheduled'],
    });
    return { practice, therapist, ...made, session: made.sessions[0]! };
  }

  it('creates one request per client member once, however often the session is marked attended', async () => {
    const { practice, therapist, session } = await couple();
    const orgId = practice.organization.id;
    const actor = { type: 'staff' as const, id: therapist.id };
    const first = await recordAttendance(
      handle.db,
      clock,
      SECRET,
      { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
      actor,
    );
    const second = await recordAttendance(
      handle.db,
      clock,
      SECRET,
      { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
      actor,
    );
    expect(first.requestsCreated).toBe(2);
    expect(second.requestsCreated).toBe(0);
    const requests = await listRequestsForSession(handle.db, orgId, session.id);
    expect(requests.map((r) => r.instruments)).toEqual([
      ['wai-sr', 'session-feedback'],
      ['wai-sr', 'session-feedback'],
    ]);
    // The link's token opens its request; the database holds only the token's hash.
    const token = questionnaireToken(SECRET, requests[0]!.id);
    expect((await findRequestByTokenHash(handle.db, hashQuestionnaireToken(token)))?.id).toBe(
      requests[0]!.id,
    );
    const raw = await handle.db
      .selectFrom('questionnaire_request')
      .select('token_hash')
      .where('id', '=', requests[0]!.id)
      .executeTakeFirstOrThrow();
    expect(raw.token_hash).not.toContain(token);
  });

  it('stores a submission exactly once, however it is retried, and refuses a second different answer', async () => {
    const { practice, session, careCase } = await couple();
    const orgId = practice.organization.id;
    const [request] = await attendAndListRequests(orgId, session.id);
    const submission = {
      organizationId: orgId,
      requestId: request!.id,
      submissionId: randomUUID(),
      instrumentId: 'wai-sr',
      answers: waiAnswers(4),
    };
    const client = { type: 'client' as const, id: request!.clientId! };

    // A double tap: the same submission twice at once, then once more after a "lost" reply.
    const [a, b] = await Promise.all([
      submitResponse(handle.db, clock, submission, client),
      submitResponse(handle.db, clock, submission, client),
    ]);
    const c = await submitResponse(handle.db, clock, submission, client);
    expect([a.stored, b.stored].sort()).toEqual([false, true]);
    expect(c.stored).toBe(false);
    expect(new Set([a.responseId, b.responseId, c.responseId]).size).toBe(1);
    expect(c.score.scales.find((s) => s.scale === 'total')).toMatchObject({
      score: 48,
      itemMean: 4,
    });

    const scores = await listScoresForCase(handle.db, orgId, careCase.id);
    expect(
      scores.filter((s) => s.instrumentId === 'wai-sr').map((s) => [s.scaleId, s.value]),
    ).toEqual(
      expect.arrayContaining([
        ['total', 48],
        ['goal', 16],
        ['task', 16],
        ['bond', 16],
      ]),
    );
    expect(scores.filter((s) => s.scaleId === 'total')).toHaveLength(1);

    await expect(
      submitResponse(
        handle.db,
        clock,
        { ...submission, submissionId: randomUUID(), answers: waiAnswers(1) },
        client,
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(
      (await listScoresForCase(handle.db, orgId, careCase.id)).filter((s) => s.scaleId === 'total'),
    ).toHaveLength(1);
    const audit = await listAuditEvents(handle.db, orgId, { action: 'response.submit' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('"4"');
  });

  it('refuses bad answers and changes nothing', async () => {
    const { practice, session, careCase } = await couple();
    const orgId = practice.organization.id;
    const [request] = await attendAndListRequests(orgId, session.id);
    const base = {
      organizationId: orgId,
      requestId: request!.id,
      submissionId: randomUUID(),
      instrumentId: 'wai-sr',
    };
    const client = { type: 'client' as const, id: request!.clientId! };
    for (const answers of [
      { ...waiAnswers(3), '1': 9 },
      { ...waiAnswers(3), '13': 2 },
      { '1': 'often' },
    ]) {
      await expect(
        submitResponse(handle.db, clock, { ...base, answers }, client),
      ).rejects.toMatchObject({ code: 'validation' });
    }
    await expect(
      submitResponse(handle.db, clock, { ...base, instrumentId: 'phq-9', answers: {} }, client),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(await listScoresForCase(handle.db, orgId, careCase.id)).toEqual([]);
    // The same submission id still works once the answers are right.
    expect(
      (await submitResponse(handle.db, clock, { ...base, answers: waiAnswers(3) }, client)).stored,
    ).toBe(true);
  });

  it('completes a request when its last two forms arrive at the same moment', async () => {
    // Two transactions, each storing a different form: without a lock on the request each
    // can miss the other's insert (PostgreSQL, read committed) and leave the request open.
    for (let round = 0; round < 3; round++) {
      const { practice, session } = await couple();
      const orgId = practice.organization.id;
      const [request] = await attendAndListRequests(orgId, session.id);
      const forms = [
        { instrumentId: 'wai-sr', answers: waiAnswers(4) },
        { instrumentId: 'session-feedback', answers: { '3': 1, '4': 3 } },
      ];
      const results = await Promise.all(
        forms.map((form) =>
          submitResponse(
            handle.db,
            clock,
            { organizationId: orgId, requestId: request!.id, submissionId: randomUUID(), ...form },
            { type: 'client', id: request!.clientId! },
          ),
        ),
      );
      expect(results.filter((r) => r.requestCompleted)).toHaveLength(1);
      const stored = await handle.db
        .selectFrom('questionnaire_request')
        .select('status')
        .where('id', '=', request!.id)
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('completed');
    }
  });

  it('completes a request when every form is in, and closes links when time runs out or the session is corrected', async () => {
    const { practice, session } = await couple();
    const orgId = practice.organization.id;
    const [first, second] = await attendAndListRequests(orgId, session.id);
    const client = { type: 'client' as const, id: first!.clientId! };
    await submitResponse(
      handle.db,
      clock,
      {
        organizationId: orgId,
        requestId: first!.id,
        submissionId: randomUUID(),
        instrumentId: 'wai-sr',
        answers: waiAnswers(5),
      },
      client,
    );
    const done = await submitResponse(
      handle.db,
      clock,
      {
        organizationId: orgId,
        requestId: first!.id,
        submissionId: randomUUID(),
        instrumentId: 'session-feedback',
        answers: { '1': 'The exercise on listening.', '3': 0 },
      },
      client,
    );
    expect(done.requestCompleted).toBe(true);

    const later = new Date(now.getTime() + 73 * 3_600_000);
    await expect(
      submitResponse(
        handle.db,
        () => later,
        {
          organizationId: orgId,
          requestId: second!.id,
          submissionId: randomUUID(),
          instrumentId: 'wai-sr',
          answers: waiAnswers(2),
        },
        client,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });

    const corrected = await recordAttendance(
      handle.db,
      clock,
      SECRET,
      { organizationId: orgId, sessionId: session.id, attendance: 'cancelled' },
      { type: 'system', id: null },
    );
    expect(corrected.requestsRevoked).toBe(1);
    const statuses = (await listRequestsForSession(handle.db, orgId, session.id))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['completed', 'revoked']);
  });
});
