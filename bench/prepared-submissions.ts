/**
 * The submissions the load benches send: open WHO-5 requests in one synthetic practice (family
 * cases of up to 50 members), each link opened once through the app for the visit cookie a
 * phone then sends, and a fresh answer body per request. Shared by questionnaire-throughput
 * and scale-out, so both measure the same work.
 */
import { randomUUID } from 'node:crypto';
import type { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/server/db/database.ts';
import {
  hashQuestionnaireToken,
  questionnaireToken,
} from '../src/server/measurement/questionnaire-link.ts';
import {
  insertRequests,
  requestToRow,
} from '../src/server/measurement/questionnaire-request.repository.ts';
import { VISIT_COOKIE } from '../src/server/measurement/questionnaire.routes.ts';
import { createTestCase, createTestPractice, createTestStaff } from '../test/helpers/factories.ts';
import type { PreparedRequest } from './load-generator.ts';

const MEMBERS = 50;

/** A WHO-5 answer with its own submission id, as the questionnaire page sends it. */
export const whoFive = () =>
  JSON.stringify({
    submissionId: randomUUID(),
    instrumentId: 'who-5',
    answers: { '1': 3, '2': 4, '3': 2, '4': 3, '5': 4 },
  });

/**
 * `count` open WHO-5 requests made in `db`, each opened once through `app` (whose instance
 * secret is `secret`) from its own address in 10.`subnet`.x.y.
 */
export async function prepareWhoFiveSubmissions(
  db: Database,
  app: Awaited<ReturnType<typeof buildApp>>,
  secret: string,
  count: number,
  subnet: number,
): Promise<PreparedRequest[]> {
  const now = new Date();
  const practice = await createTestPractice(db);
  const therapist = await createTestStaff(db, practice);
  const rows = [];
  for (let made = 0; made < count; made += MEMBERS) {
    const c = await createTestCase(db, practice, therapist.id, {
      type: 'family',
      members: Math.min(MEMBERS, count - made),
      attendance: ['attended'],
    });
    for (const client of c.clients) {
      const id = randomUUID();
      rows.push(
        requestToRow(
          {
            id,
            organizationId: practice.organization.id,
            caseId: c.careCase.id,
            sessionId: c.sessions[0]!.id,
            respondentKind: 'client',
            clientId: client.id,
            staffUserId: null,
            instruments: ['who-5'],
            language: 'en',
            status: 'open',
            createdAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
            completedAt: null,
          },
          hashQuestionnaireToken(questionnaireToken(secret, id)),
        ),
      );
    }
  }
  for (let i = 0; i < rows.length; i += 500) await insertRequests(db, rows.slice(i, i + 500));
  const prepared: PreparedRequest[] = [];
  for (const row of rows) {
    const opened = await app.inject({
      method: 'GET',
      url: `/q/${questionnaireToken(secret, row.id)}`,
      remoteAddress: `10.${subnet}.${prepared.length % 250}.${1 + (prepared.length % 200)}`,
    });
    const cookie = opened.cookies.find((c) => c.name === VISIT_COOKIE)?.value;
    if (!cookie) throw new Error('a prepared link did not open');
    prepared.push({
      path: '/api/public/questionnaire/responses',
      cookie: `${VISIT_COOKIE}=${cookie}`,
      body: whoFive(),
    });
  }
  return prepared;
}
