import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { PlanEntry } from '../../src/core/measurement/measurement-plan.ts';
import type { Clock } from '../../src/server/clock.ts';
import type { Database } from '../../src/server/db/database.ts';
import { questionnaireToken } from '../../src/server/measurement/questionnaire-link.ts';
import { listRequestsForSession } from '../../src/server/measurement/questionnaire-request.repository.ts';
import { VISIT_COOKIE } from '../../src/server/measurement/questionnaire.routes.ts';
import { recordAttendance } from '../../src/server/measurement/record-attendance.service.ts';
import { type TestPractice, createTestCase, createTestPractice } from './factories.ts';
import { createStaffWithPassword } from './auth-client.ts';
import { everySession, insertTestPlan } from './plan.fixture.ts';

export const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export const waiAnswers = (value: number) =>
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), value]));

/**
 * A practice with a therapist (who can sign in), a plan asking clients for the WAI-SR and
 * session feedback, and a case whose first session was attended: its client's open request
 * and the link's token.
 */
export async function caseWithOpenRequest(
  db: Database,
  clock: Clock,
  options: { practice?: TestPractice; members?: number; entries?: PlanEntry[] } = {},
) {
  const practice = options.practice ?? (await createTestPractice(db));
  const therapist = await createStaffWithPassword(db, practice);
  await insertTestPlan(db, practice, {
    entries: options.entries ?? [everySession('wai-sr'), everySession('session-feedback')],
  });
  const made = await createTestCase(db, practice, therapist.id, {
    type: (options.members ?? 1) > 1 ? 'couple' : 'individual',
    members: options.members ?? 1,
    attendance: ['scheduled'],
  });
  const session = made.sessions[0]!;
  await recordAttendance(
    db,
    clock,
    TEST_SECRET,
    { organizationId: practice.organization.id, sessionId: session.id, attendance: 'attended' },
    { type: 'system', id: null },
  );
  const requests = await listRequestsForSession(db, practice.organization.id, session.id);
  return {
    practice,
    therapist,
    ...made,
    session,
    requests,
    request: requests[0]!,
    tokens: requests.map((r) => questionnaireToken(TEST_SECRET, r.id)),
    token: questionnaireToken(TEST_SECRET, requests[0]!.id),
  };
}

/** A client answers through their link, as the questionnaire page does; throws unless each form is taken. */
export async function answerByLink(
  app: FastifyInstance,
  token: string,
  forms: { instrumentId: string; answers: object }[],
): Promise<void> {
  const opened = await app.inject({ method: 'GET', url: `/q/${token}` });
  const cookie = opened.cookies.find((c) => c.name === VISIT_COOKIE)!.value;
  for (const form of forms) {
    const sent = await app.inject({
      method: 'POST',
      url: '/api/public/questionnaire/responses',
      headers: { cookie: `${VISIT_COOKIE}=${cookie}` },
      payload: { submissionId: randomUUID(), ...form },
    });
    if (sent.statusCode !== 200)
      throw new Error(`${form.instrumentId} was not taken: ${sent.statusCode} ${sent.body}`);
  }
}
