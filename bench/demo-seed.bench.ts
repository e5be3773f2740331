// How fast the demo generator fills a SQLite database, against a baseline in the same run:
// the same rows written with raw better-sqlite3 prepared statements in one transaction (the
// fastest way SQLite can take them). Usage: npx tsx bench/demo-seed.bench.ts [clients]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { caseToRow } from '../src/server/cases/case.repository.ts';
import { clientToRow } from '../src/server/clients/client.repository.ts';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { generateDemoPractice } from '../src/server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../src/server/demo/seed-demo-practice.ts';
import { sessionToRow } from '../src/server/sessions/session.repository.ts';

const clients = Number(process.argv[2] ?? 20_000);
const anchor = new Date('2026-11-23T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-'));
const practice = () => generateDemoPractice({ clients, seed: 'bench', anchor });

async function timeSeed(): Promise<number> {
  const handle = openDatabase({ dialect: 'sqlite', file: join(dir, 'seed.db') });
  await migrateToLatest(handle.db);
  const started = performance.now();
  await seedDemoPractice(handle.db, () => anchor, practice());
  const ms = performance.now() - started;
  await handle.close();
  return ms;
}

async function timeBaseline(): Promise<number> {
  const file = join(dir, 'baseline.db');
  const handle = openDatabase({ dialect: 'sqlite', file });
  await migrateToLatest(handle.db);
  await handle.close();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const p = practice();
  const started = performance.now();
  const insert = (table: string, row: Record<string, unknown>) =>
    db.prepare(
      `insert into ${table} (${Object.keys(row).join(',')}) values (${Object.keys(row)
        .map(() => '?')
        .join(',')})`,
    );
  let statements: Record<string, SQLite.Statement> = {};
  const write = (table: string, row: Record<string, unknown>) => {
    statements[table] ??= insert(table, row);
    statements[table].run(...Object.values(row));
  };
  db.transaction(() => {
    write('organization', {
      id: p.organization.id,
      name: p.organization.name,
      slug: p.organization.slug,
      created_at: p.organization.createdAt,
    });
    for (const c of p.clinics)
      write('clinic', {
        id: c.id,
        organization_id: c.organizationId,
        name: c.name,
        time_zone: c.timeZone,
        created_at: anchor.toISOString(),
      });
    for (const s of p.staff)
      write('staff_user', {
        id: s.id,
        organization_id: s.organizationId,
        email: s.email,
        display_name: s.displayName,
        password_hash: null,
        status: s.status,
        created_at: anchor.toISOString(),
      });
    for (const i of p.interpreters)
      write('interpreter', {
        id: i.id,
        organization_id: p.organization.id,
        staff_user_id: i.staffUserId,
        display_name: i.displayName,
        languages: JSON.stringify(i.languages),
        clinical_experience: i.clinicalExperience,
        briefing_acknowledged_at: null,
        created_at: anchor.toISOString(),
      });
    for (const dc of p.cases()) {
      for (const c of dc.clients)
        write('client', clientToRow(c, dc.careCase.openedAt) as unknown as Record<string, unknown>);
      write('care_case', caseToRow(dc.careCase) as unknown as Record<string, unknown>);
      for (const m of dc.members)
        write('case_member', {
          organization_id: p.organization.id,
          case_id: dc.careCase.id,
          client_id: m.clientId,
          relationship: m.relationship,
        });
      write('case_therapist', {
        organization_id: p.organization.id,
        case_id: dc.careCase.id,
        staff_user_id: dc.therapistId,
        is_primary: 1,
      });
      for (const s of dc.sessions)
        write('therapy_session', sessionToRow(s, s.startsAt) as unknown as Record<string, unknown>);
    }
  })();
  const ms = performance.now() - started;
  statements = {};
  db.close();
  return ms;
}

const generateStarted = performance.now();
let generated = 0;
for (const c of practice().cases()) generated += c.sessions.length;
const generateMs = performance.now() - generateStarted;
const baselineMs = await timeBaseline();
const seedMs = await timeSeed();
console.log(
  JSON.stringify({
    clients,
    sessions: generated,
    generateOnlyMs: Math.round(generateMs),
    rawBetterSqlite3Ms: Math.round(baselineMs),
    rapportDemoSeedMs: Math.round(seedMs),
    ratioToBaseline: Number((seedMs / baselineMs).toFixed(2)),
  }),
);
