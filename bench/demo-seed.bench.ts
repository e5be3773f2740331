// How fast the demo generator fills a SQLite database, answers included, against a baseline in
// the same run: the same rows (the same generator, so generation counts on both sides) written
// with raw better-sqlite3 prepared statements, one row per run(), in one transaction, on the
// app's own settings (WAL, synchronous=FULL, foreign keys on). Each phase runs in its own
// process so its peak RSS is its own.
// Usage: npx tsx bench/demo-seed.bench.ts [clients=20000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { defaultMeasurementPlanEntries } from '../src/core/measurement/default-measurement-plan.ts';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { DEMO_BULK_TABLES } from '../src/server/demo/demo-seed.repository.ts';
import { generateDemoPractice } from '../src/server/demo/generate-demo-practice.ts';
import { demoPracticeRows, seedDemoPractice } from '../src/server/demo/seed-demo-practice.ts';

const anchor = new Date('2026-11-23T00:00:00Z');
type Phase = 'generate' | 'baseline' | 'seed';

async function runPhase(phase: Phase, clients: number, file: string) {
  const practice = generateDemoPractice({ clients, seed: 'bench', anchor });
  const options = { seed: 'bench', anchor, secret: 'bench-secret-0123456789-abcdef-0123456' };
  const handle = openDatabase({ dialect: 'sqlite', file });
  await migrateToLatest(handle.db);
  const started = performance.now();
  const counts = { sessions: 0, responses: 0, rows: 0 };
  const countBatch = (
    batch: ReturnType<typeof demoPracticeRows> extends Iterable<infer B> ? B : never,
  ) => {
    counts.sessions += batch.counts.sessions;
    counts.responses += batch.counts.responses;
    for (const table of DEMO_BULK_TABLES) counts.rows += batch.rows[table].length;
  };
  if (phase === 'seed') {
    const result = await seedDemoPractice(handle.db, () => anchor, practice, options);
    counts.sessions = result.sessions;
    counts.responses = result.responses;
    await handle.close();
  } else {
    await handle.close();
    const db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const statements = new Map<string, SQLite.Statement>();
    const write = (table: string, row: Record<string, unknown>) => {
      let statement = statements.get(table);
      if (!statement) {
        const columns = Object.keys(row);
        statement = db.prepare(
          `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values (${columns.map(() => '?').join(',')})`,
        );
        statements.set(table, statement);
      }
      statement.run(Object.values(row));
    };
    db.transaction(() => {
      // The few practice-wide rows the case rows point to (the seed writes these too).
      write('organization', {
        id: practice.organization.id,
        name: practice.organization.name,
        slug: practice.organization.slug,
        created_at: practice.organization.createdAt,
      });
      for (const c of practice.clinics)
        write('clinic', {
          id: c.id,
          organization_id: c.organizationId,
          name: c.name,
          time_zone: c.timeZone,
          created_at: anchor.toISOString(),
        });
      for (const s of practice.staff)
        write('staff_user', {
          id: s.id,
          organization_id: s.organizationId,
          email: s.email,
          display_name: s.displayName,
          password_hash: null,
          status: s.status,
          created_at: anchor.toISOString(),
        });
      for (const i of practice.interpreters)
        write('interpreter', {
          id: i.id,
          organization_id: practice.organization.id,
          staff_user_id: i.staffUserId,
          display_name: i.displayName,
          languages: JSON.stringify(i.languages),
          clinical_experience: i.clinicalExperience,
          briefing_acknowledged_at: null,
          created_at: anchor.toISOString(),
        });
      for (const batch of demoPracticeRows(practice, defaultMeasurementPlanEntries(), options)) {
        countBatch(batch);
        if (phase === 'generate') continue;
        for (const table of DEMO_BULK_TABLES)
          for (const row of batch.rows[table]) write(table, row as Record<string, unknown>);
      }
    })();
    db.close();
  }
  const ms = performance.now() - started;
  return { ms, ...counts, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const [clientsArg, phaseArg, fileArg] = process.argv.slice(2);
const clients = Number(clientsArg ?? 20_000);
if (phaseArg) {
  console.log(JSON.stringify(await runPhase(phaseArg as Phase, clients, fileArg!)));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-'));
  const self = fileURLToPath(import.meta.url);
  const run = (phase: Phase) => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', self, String(clients), phase, join(dir, `${phase}.db`)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`${phase} phase failed`);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Awaited<
      ReturnType<typeof runPhase>
    >;
  };
  const generate = run('generate');
  const baseline = run('baseline');
  const seed = run('seed');
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      clients,
      sessions: seed.sessions,
      answeredForms: seed.responses,
      caseRows: baseline.rows,
      generateOnlyMs: Math.round(generate.ms),
      rawBetterSqlite3Ms: Math.round(baseline.ms),
      rapportDemoSeedMs: Math.round(seed.ms),
      seedRowsPerSecond: Math.round(baseline.rows / (seed.ms / 1000)),
      peakRssMb: {
        generate: generate.peakRssMb,
        baseline: baseline.peakRssMb,
        seed: seed.peakRssMb,
      },
      ratioToBaseline: Number((seed.ms / baseline.ms).toFixed(2)),
    }),
  );
}
