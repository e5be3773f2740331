// The caseload and case pages under load. Usage: npx tsx bench/case-page.bench.ts [cases=80]
//
// 1. GET /api/caseload for a therapist with N active couple cases (10 scored sessions each),
//    against a baseline in the same run: the naive page that asks the database per case
//    (sessions, scores and open forms for each case in turn). Also counts the SQL statements
//    each makes, which is the point: the caseload's count must not grow with N.
// 2. The case page of a 40-session family case (4 members), rendered in Chromium: from
//    navigation to every chart point drawn, cold (first load) and warm (median of 5).
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildApp } from '../src/server/app.ts';
import { defaultAuthSettings } from '../src/server/auth/auth-settings.ts';
import type { StaffActor } from '../src/server/auth/staff-actor.ts';
import { updatePasswordHash } from '../src/server/auth/credential.repository.ts';
import { hashPassword } from '../src/server/auth/password-hashing.ts';
import { createScoredCase, insertCaseViewPlan } from '../test/helpers/scored-case.fixture.ts';
import { readCaseload } from '../src/server/caseload/caseload.service.ts';
import { listCasesForTherapist } from '../src/server/cases/case.repository.ts';
import { type Database, migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import type { RapportDatabase } from '../src/server/db/database-schema.ts';
import { countOpenRequestsByCase } from '../src/server/measurement/questionnaire-request.repository.ts';
import { listScoresForCase } from '../src/server/measurement/questionnaire-response.repository.ts';
import {
  insertClinic,
  insertOrganization,
} from '../src/server/organizations/organization.repository.ts';
import { listSessionsForCase } from '../src/server/sessions/session.repository.ts';
import { insertStaffRole, insertStaffUser } from '../src/server/staff/staff.repository.ts';

const CASES = Number(process.argv[2] ?? 80);
const PASSWORD = 'bench passphrase for the case page';
const WEEK = 7 * 86_400_000;
const now = new Date();
const clock = () => now;
const dir = mkdtempSync(join(tmpdir(), 'rapport-case-page-'));
const file = join(dir, 'bench.db');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function seed(db: Database) {
  const orgId = crypto.randomUUID();
  await insertOrganization(db, {
    id: orgId,
    name: 'Bench practice',
    slug: `bench-${orgId.slice(0, 8)}`,
    createdAt: now.toISOString(),
  });
  const clinic = {
    id: crypto.randomUUID(),
    organizationId: orgId,
    name: 'Bench clinic',
    timeZone: 'Europe/Madrid',
  };
  await insertClinic(db, clinic, now.toISOString());
  const practice = { organization: { id: orgId }, clinic: { id: clinic.id } };
  const therapist = {
    id: crypto.randomUUID(),
    organizationId: orgId,
    email: `bench-${orgId.slice(0, 8)}@test.example`,
    displayName: 'Bench Therapist',
    status: 'active' as const,
  };
  await insertStaffUser(db, therapist, now.toISOString());
  await insertStaffRole(db, orgId, therapist.id, { clinicId: clinic.id, role: 'therapist' });
  await updatePasswordHash(db, orgId, therapist.id, await hashPassword(PASSWORD));
  await insertCaseViewPlan(db, clock, practice, { therapistForm: true });
  const started = performance.now();
  for (let i = 0; i < CASES; i++) {
    await createScoredCase(db, clock, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: [...Array<'attended'>(10).fill('attended'), 'scheduled'],
      firstSessionAt: new Date(now.getTime() - 10 * WEEK + 3_600_000).toISOString(),
      wai: (s, m) => 36 + ((s * 7 + m * 5 + i) % 20),
      phq: (s, m) => (m === 0 ? Math.max(0, 18 - s) : null),
      therapistTotal: (s) => 40 + ((s + i) % 12),
    });
  }
  const family = await createScoredCase(db, clock, practice, therapist.id, {
    type: 'family',
    members: 4,
    attendance: Array.from({ length: 40 }, (_, k) => (k % 9 === 4 ? 'no-show' : 'attended')),
    firstSessionAt: new Date(now.getTime() - 40 * WEEK).toISOString(),
    wai: (s, m) => 30 + ((s * 3 + m * 11) % 28),
    phq: (s, m) => (m < 2 ? Math.max(0, 20 - Math.floor(s / 3) - m) : null),
    therapistTotal: (s) => 38 + (s % 15),
    interpretedSessions: [3, 4, 5, 20],
  });
  console.log(
    `seeded ${CASES + 1} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const actor: StaffActor = {
    userId: therapist.id,
    organizationId: orgId,
    roles: [{ clinicId: clinic.id, role: 'therapist' }],
    authSessionId: 'bench',
  };
  return { therapist, actor, family };
}

/** The naive caseload: one round of queries per case. */
async function naiveCaseload(db: Database, actor: StaffActor) {
  const cases = await listCasesForTherapist(db, actor.organizationId, actor.userId);
  const rows = [];
  for (const c of cases) {
    const [sessions, scores, open] = await Promise.all([
      listSessionsForCase(db, actor.organizationId, c.id),
      listScoresForCase(db, actor.organizationId, c.id),
      countOpenRequestsByCase(db, actor.organizationId, [c.id], now.toISOString()),
    ]);
    rows.push({
      id: c.id,
      attended: sessions.filter((s) => s.attendance === 'attended').length,
      latest: scores.filter((s) => s.instrumentId === 'wai-sr' && s.scaleId === 'total').at(-1),
      open: open.get(c.id) ?? 0,
    });
  }
  return rows;
}

async function main() {
  const handle = openDatabase({ dialect: 'sqlite', file });
  await migrateToLatest(handle.db);
  const { therapist, actor, family } = await seed(handle.db);

  // A second connection that counts statements.
  let statements = 0;
  const counted = new Kysely<RapportDatabase>({
    dialect: new SqliteDialect({ database: new SQLite(file) }),
    log: (event) => {
      if (event.level === 'query') statements++;
    },
  });
  const origin = { ip: null, requestId: null };
  const measure = async (label: string, run: () => Promise<unknown>) => {
    statements = 0;
    await run();
    const perRun = statements;
    const times: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    console.log(`${label}: median ${ms(median(times))}, ${perRun} SQL statements`);
    return median(times);
  };
  const baseline = await measure('naive per-case caseload (baseline)', () =>
    naiveCaseload(counted, actor),
  );
  const ours = await measure(`readCaseload, ${CASES + 1} cases`, () =>
    readCaseload(counted, clock, actor, origin),
  );
  console.log(`ratio ${(ours / baseline).toFixed(2)}`);
  await counted.destroy();

  // Build first: the server reads the built index.html when it starts.
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const app = await buildApp({
    db: handle.db,
    dialect: 'sqlite',
    clock,
    auth: { ...defaultAuthSettings, mode: 'password-only' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const caseUrl = `${base}/cases/${family.careCase.id}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('E-mail address').fill(therapist.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  const api = await page.request.get(`${base}/api/cases/${family.careCase.id}`);
  const view = (await api.json()) as { alliance: { scale: string; points: unknown[] }[] };
  const expectedPoints = view.alliance
    .filter((s) => s.scale === 'total')
    .reduce((n, s) => n + s.points.length, 0);
  const render = async () => {
    const t0 = performance.now();
    await page.goto(caseUrl);
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll(
          '[data-testid="alliance-total-chart"] [data-testid="alliance-point"]',
        ).length === n &&
        document.querySelector('[data-testid="outcome-chart-phq-9"] svg') !== null,
      expectedPoints,
      { timeout: 60_000 },
    );
    return performance.now() - t0;
  };
  const cold = await render();
  const warm: number[] = [];
  for (let k = 0; k < 5; k++) warm.push(await render());
  const apiTimes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    await page.request.get(`${base}/api/cases/${family.careCase.id}`);
    apiTimes.push(performance.now() - t0);
  }
  console.log(
    `40-session family case page (${expectedPoints} alliance-total points): cold ${ms(cold)}, warm median ${ms(median(warm))}; its API alone: median ${ms(median(apiTimes))}`,
  );
  await page.screenshot({ path: join(dir, 'case-page.png') });
  console.log(`screenshot: ${join(dir, 'case-page.png')}`);
  await browser.close();
  await app.close();
  await handle.close();
}

await main();
