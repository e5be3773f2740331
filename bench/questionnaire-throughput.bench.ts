// Client submissions under load. Usage: npx tsx bench/questionnaire-throughput.bench.ts [n=3000]
//
// POST /api/public/questionnaire/responses on the real app (SQLite file, WAL, synchronous=FULL,
// as installed): each of N requests is a different client's WHO-5 with its own visit cookie
// and submission id, prepared beforehand (link opened, cookie kept), sent by autocannon over
// 50 connections. Each submission is checked, scored, stored with its scores, an alert
// recompute job and an audit row in one transaction. Baseline in the same run: a bare Fastify
// endpoint that inserts the JSON body into one table with a better-sqlite3 prepared statement
// (same pragmas). Reports submissions per second, p50/p99 latency and the ratio (target ≥ 0.5).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { createTestCase, createTestPractice, createTestStaff } from '../test/helpers/factories.ts';
import { buildApp } from '../src/server/app.ts';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import {
  hashQuestionnaireToken,
  questionnaireToken,
} from '../src/server/measurement/questionnaire-link.ts';
import {
  insertRequests,
  requestToRow,
} from '../src/server/measurement/questionnaire-request.repository.ts';
import { VISIT_COOKIE } from '../src/server/measurement/questionnaire.routes.ts';

const N = Number(process.argv[2] ?? 3000);
const CONNECTIONS = 50;
const MEMBERS = 50;
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const dir = mkdtempSync(join(tmpdir(), 'rapport-throughput-'));
const now = new Date();
const clock = () => now;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Sends each prepared request once, over CONNECTIONS connections. */
async function load(
  url: string,
  prepared: { path: string; cookie?: string; body: string }[],
): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: prepared.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const p = prepared[next++ % prepared.length]!;
          return {
            ...request,
            path: p.path,
            body: p.body,
            headers: {
              'content-type': 'application/json',
              ...(p.cookie && { cookie: `${VISIT_COOKIE}=${p.cookie}` }),
            },
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: (result['2xx'] / result.duration) * 1,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function rapport(): Promise<Load> {
  const handle = openDatabase({ dialect: 'sqlite', file: join(dir, 'rapport.db') });
  await migrateToLatest(handle.db);
  const practice = await createTestPractice(handle.db);
  const therapist = await createTestStaff(handle.db, practice);
  const rows = [];
  for (let made = 0; made < N; made += MEMBERS) {
    const c = await createTestCase(handle.db, practice, therapist.id, {
      type: 'family',
      members: Math.min(MEMBERS, N - made),
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
          hashQuestionnaireToken(questionnaireToken(SECRET, id)),
        ),
      );
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await insertRequests(handle.db, rows.slice(i, i + 500));

  const app = await buildApp({ db: handle.db, dialect: 'sqlite', clock, secret: SECRET });
  // Each client opens their link once: the visit cookie is what the phone then sends.
  const prepared: { path: string; cookie: string; body: string }[] = [];
  for (const row of rows) {
    const opened = await app.inject({
      method: 'GET',
      url: `/q/${questionnaireToken(SECRET, row.id)}`,
      remoteAddress: `10.1.${prepared.length % 250}.${1 + (prepared.length % 200)}`,
    });
    const cookie = opened.cookies.find((c) => c.name === VISIT_COOKIE)?.value;
    if (!cookie) throw new Error('a prepared link did not open');
    prepared.push({
      path: '/api/public/questionnaire/responses',
      cookie,
      body: JSON.stringify({
        submissionId: randomUUID(),
        instrumentId: 'who-5',
        answers: { '1': 3, '2': 4, '3': 2, '4': 3, '5': 4 },
      }),
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const result = await load(url, prepared);
  const stored = await handle.db
    .selectFrom('questionnaire_response')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(stored.n) !== N) throw new Error(`stored ${stored.n} responses, expected ${N}`);
  await app.close();
  await handle.close();
  return result;
}

async function baseline(): Promise<Load> {
  const db = new SQLite(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table submission (id text primary key, body text not null, created_at text)');
  const insert = db.prepare('insert into submission (id, body, created_at) values (?, ?, ?)');
  const app = Fastify();
  app.post('/insert', async (request) => {
    const body = request.body as { submissionId: string };
    insert.run(body.submissionId, JSON.stringify(body), new Date().toISOString());
    return { stored: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const prepared = Array.from({ length: N }, () => ({
    path: '/insert',
    body: JSON.stringify({
      submissionId: randomUUID(),
      instrumentId: 'who-5',
      answers: { '1': 3, '2': 4, '3': 2, '4': 3, '5': 4 },
    }),
  }));
  const result = await load(url, prepared);
  await app.close();
  db.close();
  return result;
}

const base = await baseline();
const real = await rapport();
const row = (name: string, r: Load) =>
  `| ${name} | ${Math.round(r.requestsPerSecond)} | ${r.p50} ms | ${r.p99} ms | ${r.non2xx + r.errors} |`;
console.log(`${N} submissions, ${CONNECTIONS} connections`);
console.log('| endpoint | submissions/s | p50 | p99 | failed |');
console.log('| --- | --- | --- | --- | --- |');
console.log(row('bare Fastify + better-sqlite3 insert (baseline)', base));
console.log(row('Rapport POST /api/public/questionnaire/responses', real));
console.log(
  `ratio (Rapport / baseline): ${(real.requestsPerSecond / base.requestsPerSecond).toFixed(2)} (target ≥ 0.5)`,
);
