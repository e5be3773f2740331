import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Clock } from '../../src/server/clock.ts';
import type { Database, Dialect } from '../../src/server/db/database.ts';
import { ALERTS_RECOMPUTE_JOB } from '../../src/server/measurement/alert-recompute-job.ts';
import {
  hashQuestionnaireToken,
  questionnaireToken,
} from '../../src/server/measurement/questionnaire-link.ts';
import {
  insertRequests,
  requestToRow,
} from '../../src/server/measurement/questionnaire-request.repository.ts';
import { VISIT_COOKIE } from '../../src/server/measurement/questionnaire.routes.ts';
import { createTestCase, createTestPractice, createTestStaff } from './factories.ts';
import { TEST_SECRET, waiAnswers } from './questionnaire-fixture.ts';
import { type SpawnedRapport, spawnRapport } from './spawn-rapport.ts';

// Crash recovery under load: many clients answer questionnaires on the real `rapport serve`
// while it is SIGKILLed and restarted; afterwards every acknowledged submission must be in
// the database exactly once. Shared by test/crash-recovery.test.ts and bench/crash.bench.ts.

export interface Seeded {
  organizationId: string;
  caseIds: string[];
  /** One link per open request; each request asks for two forms. */
  tokens: string[];
}

/**
 * One practice and `requests` open requests (WAI-SR + session feedback), written directly:
 * families of up to 50 members, each member's request for the family's attended session.
 */
export async function seedOpenRequests(
  db: Database,
  clock: Clock,
  requests: number,
): Promise<Seeded> {
  const practice = await createTestPractice(db);
  const therapist = await createTestStaff(db, practice);
  const organizationId = practice.organization.id;
  const now = clock();
  const seeded: Seeded = { organizationId, caseIds: [], tokens: [] };
  const rows = [];
  for (let made = 0; made < requests; made += 50) {
    const family = await createTestCase(db, practice, therapist.id, {
      type: 'family',
      members: Math.min(50, requests - made),
      attendance: ['attended'],
    });
    seeded.caseIds.push(family.careCase.id);
    for (const client of family.clients) {
      const id = randomUUID();
      const token = questionnaireToken(TEST_SECRET, id);
      seeded.tokens.push(token);
      rows.push(
        requestToRow(
          {
            id,
            organizationId,
            caseId: family.careCase.id,
            sessionId: family.sessions[0]!.id,
            respondentKind: 'client',
            clientId: client.id,
            staffUserId: null,
            instruments: ['wai-sr', 'session-feedback'],
            language: 'en',
            status: 'open',
            createdAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
            completedAt: null,
          },
          hashQuestionnaireToken(token),
        ),
      );
    }
  }
  for (let i = 0; i < rows.length; i += 500) await insertRequests(db, rows.slice(i, i + 500));
  return seeded;
}

export interface ServerTarget {
  dialect: Dialect;
  /** The SQLite file, or the PostgreSQL URL. */
  database: string;
}

/** Starts `rapport serve` on `port` (0: any) with the fixture's instance secret. */
export async function startServer(target: ServerTarget, port: number) {
  const args = ['serve', '--port', String(port)];
  if (target.dialect === 'sqlite') args.push('--db', target.database);
  const rapport = spawnRapport(args, {
    RAPPORT_SECRET: TEST_SECRET,
    RAPPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rapport-crash-')),
    RAPPORT_JOB_POLL_MS: '200',
    ...(target.dialect === 'postgres' && { DATABASE_URL: target.database }),
  });
  const [, url] = await rapport.waitFor(/listening at (http:\/\/\S+)/, 60_000);
  return { rapport, url: url! };
}

export interface CrashRunResult {
  /** Submission id → response id, for every submission the server acknowledged with a 2xx. */
  acknowledged: Map<string, string>;
  /** Every submission id a client sent (acknowledged or not). */
  sent: Set<string>;
  kills: number;
  /** Jobs found `running` right after each kill (left by the killed worker). */
  leftRunning: number;
  /** When the last server process started. */
  lastStart: number;
  retries: number;
  unexpected: string[];
  server: SpawnedRapport;
  url: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `clients` concurrent clients answer every link's two forms as the questionnaire page does:
 * open the link for the visit cookie, POST each form with a submission id chosen once, and
 * retry an unanswered POST with the same id until a 2xx. Meanwhile the server is SIGKILLed
 * `kills` times, each at a random moment 0.3–1.5 s into its run, and restarted on its port.
 */
export async function crashRun(
  target: ServerTarget,
  db: Database,
  seeded: Seeded,
  options: { clients: number; kills: number; deadlineMs: number },
): Promise<CrashRunResult> {
  const deadline = Date.now() + options.deadlineMs;
  let { rapport: server, url } = await startServer(target, 0);
  const port = Number(new URL(url).port);
  const result: CrashRunResult = {
    acknowledged: new Map(),
    sent: new Set(),
    kills: 0,
    leftRunning: 0,
    lastStart: Date.now(),
    retries: 0,
    unexpected: [],
    server,
    url,
  };

  const openLink = async (token: string): Promise<string | undefined> => {
    const opened = await fetch(`${url}/q/${token}`, { redirect: 'manual' });
    const cookie = (opened.headers.get('set-cookie') ?? '').match(
      new RegExp(`${VISIT_COOKIE}=[^;]+`),
    );
    return cookie?.[0];
  };

  const answer = async (token: string) => {
    const forms = [
      { submissionId: randomUUID(), instrumentId: 'wai-sr', answers: waiAnswers(3) },
      { submissionId: randomUUID(), instrumentId: 'session-feedback', answers: { '3': 0 } },
    ];
    let cookie: string | undefined;
    for (const form of forms) {
      for (let attempt = 0; ; attempt += 1) {
        if (Date.now() > deadline) throw new Error('crash run passed its deadline');
        if (attempt > 0) {
          result.retries += 1;
          await pause(50);
        }
        try {
          cookie ??= await openLink(token);
          if (!cookie) continue; // the server died while the link was opened
          result.sent.add(form.submissionId);
          const response = await fetch(`${url}/api/public/questionnaire/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify(form),
          });
          if (response.status === 200) {
            const body = (await response.json()) as { responseId: string };
            result.acknowledged.set(form.submissionId, body.responseId);
            break;
          }
          if (response.status === 401 || response.status === 403) cookie = undefined;
          else if (response.status < 500) {
            result.unexpected.push(`${response.status} ${await response.text()}`);
            break;
          }
        } catch {
          // Connection refused or reset: the server is down. Retry, same submission id.
        }
      }
    }
  };

  let done = false;
  const killer = (async () => {
    while (!done && result.kills < options.kills) {
      await pause(300 + Math.random() * 1200);
      if (done) break;
      server.child.kill('SIGKILL');
      await server.exited;
      result.kills += 1;
      const running = await db
        .selectFrom('job')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', seeded.organizationId)
        .where('status', '=', 'running')
        .executeTakeFirstOrThrow();
      result.leftRunning += Number(running.n);
      ({ rapport: server, url } = await startServer(target, port));
      result.lastStart = Date.now();
    }
  })();

  let next = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (next < seeded.tokens.length) {
        const token = seeded.tokens[next]!;
        next += 1;
        await answer(token);
      }
    }),
  );
  done = true;
  await killer;
  result.server = server;
  result.url = url;
  return result;
}

/** Waits (at most `timeoutMs`) until none of the organization's jobs is queued or running. */
export async function waitForJobsDone(db: Database, organizationId: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const pending = await db
      .selectFrom('job')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) return true;
    await pause(250);
  }
  return false;
}

export interface StoredReport {
  stored: number;
  /** Acknowledged submissions found exactly once, with the acknowledged response id. */
  acknowledgedStoredOnce: number;
  /** Submission ids or (request, form) pairs stored more than once. */
  duplicates: number;
  /** Stored responses without scores, audit row or alert job (or with more than one). */
  incomplete: number;
  /** Requests whose status disagrees with their stored responses. */
  requestMismatches: number;
  /** Alert jobs of stored responses not yet done. */
  jobsNotDone: number;
  integrity: string;
}

/** What the database holds for the organization, checked against what was acknowledged. */
export async function checkStored(
  db: Database,
  dialect: Dialect,
  organizationId: string,
  acknowledged: Map<string, string>,
): Promise<StoredReport> {
  const responses = await db
    .selectFrom('questionnaire_response')
    .select(['id', 'submission_id', 'request_id', 'instrument_id'])
    .where('organization_id', '=', organizationId)
    .execute();
  const countBy = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const bySubmission = countBy(responses.map((r) => r.submission_id));
  const byForm = countBy(responses.map((r) => `${r.request_id}:${r.instrument_id}`));
  const duplicates =
    [...bySubmission.values()].filter((n) => n > 1).length +
    [...byForm.values()].filter((n) => n > 1).length;
  const idOf = new Map(responses.map((r) => [r.submission_id, r.id]));
  let acknowledgedStoredOnce = 0;
  for (const [submissionId, responseId] of acknowledged) {
    if (bySubmission.get(submissionId) === 1 && idOf.get(submissionId) === responseId)
      acknowledgedStoredOnce += 1;
  }

  const scores = countBy(
    (
      await db
        .selectFrom('score')
        .select('response_id')
        .where('organization_id', '=', organizationId)
        .execute()
    ).map((r) => r.response_id),
  );
  const audits = countBy(
    (
      await db
        .selectFrom('audit_event')
        .select('entity_id')
        .where('organization_id', '=', organizationId)
        .where('action', '=', 'response.submit')
        .execute()
    ).map((r) => r.entity_id ?? ''),
  );
  const jobs = await db
    .selectFrom('job')
    .select(['unique_key', 'status'])
    .where('organization_id', '=', organizationId)
    .where('type', '=', ALERTS_RECOMPUTE_JOB)
    .execute();
  const jobsFor = countBy(jobs.map((j) => (j.unique_key ?? '').split(':').at(-1)!));
  const incomplete = responses.filter(
    (r) => !scores.get(r.id) || audits.get(r.id) !== 1 || jobsFor.get(r.id) !== 1,
  ).length;
  const responseIds = new Set(responses.map((r) => r.id));
  const extraAudits = [...audits.keys()].filter((id) => !responseIds.has(id)).length;
  const jobsNotDone = jobs.filter((j) => j.status !== 'done').length;

  const requests = await db
    .selectFrom('questionnaire_request')
    .select(['id', 'status', 'instruments'])
    .where('organization_id', '=', organizationId)
    .execute();
  const answered = countBy(responses.map((r) => r.request_id));
  const requestMismatches = requests.filter((r) => {
    const complete = answered.get(r.id) === (JSON.parse(r.instruments) as string[]).length;
    return complete ? r.status !== 'completed' : r.status !== 'open';
  }).length;

  let integrity = 'ok';
  if (dialect === 'sqlite') {
    const rows = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    integrity = rows.rows.map((r) => r.integrity_check).join('; ');
  }
  return {
    stored: responses.length,
    acknowledgedStoredOnce,
    duplicates,
    incomplete: incomplete + extraAudits,
    requestMismatches,
    jobsNotDone,
    integrity,
  };
}
