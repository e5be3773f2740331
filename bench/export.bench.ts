// Does `rapport export study` stream with flat memory on a large practice? (issue 18, item 7.)
// The demo's own study holds 25 participants whatever --clients says, so for each size the
// bench seeds the demo practice (`rapport demo --clients N --no-serve`, kept between runs) and
// enrols every client in a benchmark study, consented, whose data are their own answered
// client forms (study_request_item rows on the links the history holds, as a study's forms
// ride on the clinic's links). Then, each in its own child process with the same loader:
//   export: `rapport export study <id> --out F` (pseudonyms, date shifts, long and wide CSV,
//           codebook, FHIR Bundle, manifest, one streamed ZIP);
//   dump:   the baseline, the same response and score rows read with one plain streamed
//           SELECT and written to a CSV file by csv-stringify, nothing else.
// Wall time, and resident memory sampled from /proc every 200 ms (the curve and its peak).
// On SQLite by default (one file per size in dir); on PostgreSQL with --db postgres://…/name or
// DATABASE_URL, as `rapport` takes it: one database per size, name_<clients>, created and
// seeded if missing and kept, like the files. `rapport demo` writes only SQLite, so there the
// bench seeds with the demo's own generator and options (seedDemoPractice, as the demo tests
// do on both databases); and as the project's PostgresDialect has no `cursor` (pg-cursor), for
// which Kysely's .stream() asks, the dump there reads the rows 1,000 study items at a time by
// keyset pagination on the items' primary key.
// Usage: npx tsx bench/export.bench.ts [sizes=5000,20000] [dir=<tmp>/rapport-export-bench]
//          [--db postgres://…/rapport_export_bench]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import pg from 'pg';
import { demoOptionsSchema } from '../src/cli/commands/demo.command.ts';
import { runCli } from '../src/cli/main.ts';
import { systemClock } from '../src/server/clock.ts';
import { type DatabaseTarget, loadConfig } from '../src/server/config.ts';
import { type Database, migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { generateDemoPractice } from '../src/server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../src/server/demo/seed-demo-practice.ts';
import { resolveInstanceSecret } from '../src/server/instance-secret.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const STUDY_TITLE = 'Benchmark: every client of the practice';
const ANCHOR = '2026-11-23';
// `rapport` requires RAPPORT_SECRET with PostgreSQL; the bench's people are synthetic.
const BENCH_SECRET = 'export-bench-secret-0123456789abcdef0123';

/** A child's database argument: a postgres:// URL, else a SQLite file. */
const targetOf = (database: string): DatabaseTarget =>
  /^postgres(ql)?:\/\//.test(database)
    ? { dialect: 'postgres', url: database }
    : { dialect: 'sqlite', file: database };

/** The rows an export of the study reads: its items' responses, one row per score. */
function studyRows(db: Database, studyId: string) {
  return db
    .selectFrom('study_request_item as i')
    .innerJoin('questionnaire_request as q', 'q.id', 'i.request_id')
    .innerJoin('therapy_session as t', 't.id', 'q.session_id')
    .innerJoin('questionnaire_response as r', (join) =>
      join
        .onRef('r.request_id', '=', 'i.request_id')
        .onRef('r.instrument_id', '=', 'i.instrument_id'),
    )
    .leftJoin('score as s', 's.response_id', 'r.id')
    .where('i.study_id', '=', studyId);
}

const DUMP_COLUMNS = [
  'i.participant_id',
  't.number',
  't.starts_at',
  'i.instrument_id',
  'r.instrument_version',
  'r.answers',
  's.scale_id',
  's.value',
] as const;

/**
 * On PostgreSQL, the dump's rows a page at a time: the next 1,000 study items by their primary
 * key (study_id, request_id, instrument_id), then the rows of the items from the first to the
 * last of them (Kysely's .stream() needs pg-cursor, which the project does not have).
 */
async function* keysetPages(db: Database, studyId: string) {
  let after: [string, string] | undefined;
  for (;;) {
    const from = after;
    const items = await db
      .selectFrom('study_request_item as i')
      .select(['i.request_id', 'i.instrument_id'])
      .where('i.study_id', '=', studyId)
      .$if(from !== undefined, (q) =>
        q.where((eb) =>
          eb(eb.refTuple('i.request_id', 'i.instrument_id'), '>', eb.tuple(...from!)),
        ),
      )
      .orderBy('i.request_id')
      .orderBy('i.instrument_id')
      .limit(1000)
      .execute();
    const [first, last] = [items[0], items.at(-1)];
    if (!first || !last) return;
    // The page's requests by name as well as the key range: given the range alone, PostgreSQL
    // guessed 40,000 items and scanned the responses and sessions whole for every page (250
    // against 22 ms, EXPLAIN ANALYZE at 5,000 clients).
    yield* await studyRows(db, studyId)
      .select(DUMP_COLUMNS)
      .where('i.request_id', 'in', [...new Set(items.map((item) => item.request_id))])
      .where((eb) =>
        eb.between(
          eb.refTuple('i.request_id', 'i.instrument_id'),
          eb.tuple(first.request_id, first.instrument_id),
          eb.tuple(last.request_id, last.instrument_id),
        ),
      )
      .execute();
    after = [last.request_id, last.instrument_id];
  }
}

async function dump(database: string, studyId: string, out: string) {
  const handle = openDatabase(targetOf(database));
  const csv = stringify({
    header: true,
    columns: [
      'participant',
      'session',
      'starts_at',
      'instrument',
      'version',
      'answers',
      'scale',
      'value',
    ],
  });
  const written = once(csv.pipe(createWriteStream(out)), 'finish');
  let rows = 0;
  const rowsRead =
    handle.dialect === 'sqlite'
      ? studyRows(handle.db, studyId).select(DUMP_COLUMNS).stream(1000)
      : keysetPages(handle.db, studyId);
  for await (const row of rowsRead) {
    rows += 1;
    if (!csv.write(Object.values(row))) await once(csv, 'drain');
  }
  csv.end();
  await written;
  await handle.close();
  console.log(`${rows} rows`);
}

/** Enrols every client (with their first case) in the benchmark study; gives its id. */
async function benchmarkStudy(
  database: string,
): Promise<{ id: string; participants: number; items: number }> {
  const { db, close } = openDatabase(targetOf(database));
  try {
    // Before the export is timed, so that its own migration step has nothing to do.
    await migrateToLatest(db);
    const found = await db
      .selectFrom('study')
      .select('id')
      .where('title', '=', STUDY_TITLE)
      .executeTakeFirst();
    const id = found?.id ?? 'b0000000-0000-4000-8000-000000000001';
    if (!found) {
      const researcher = await db
        .selectFrom('staff_role as r')
        .innerJoin('staff_user as u', 'u.id', 'r.staff_user_id')
        .select(['u.id', 'u.organization_id'])
        .where('r.role', '=', 'researcher')
        .executeTakeFirstOrThrow();
      const org = researcher.organization_id;
      const now = '2026-11-23T00:00:00.000Z';
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('study')
          .values({
            id,
            organization_id: org,
            title: STUDY_TITLE,
            protocol_summary: 'Benchmark data set: synthetic people only.',
            principal_investigator: 'Benchmark',
            ethics_reference: 'none',
            ethics_approved_on: null,
            status: 'recruiting',
            withdrawal_policy: 'keep',
            therapist_alliance_instrument_id: null,
            reconsent_below_version: null,
            recording_retention_days: null,
            created_by: researcher.id,
            created_at: now,
            updated_at: now,
          })
          .execute();
        // SQL both databases take (the flags are integers 0/1 on both, see the migrations).
        // One measure per instrument any client answered, in every session.
        await sql`insert into study_measure (id, organization_id, study_id, instrument_id, respondent, timing, session_numbers, options, position)
          select 'bench-measure-' || instrument_id, ${org}, ${id}, instrument_id, 'client', 'sessions', '[]', null, row_number() over (order by instrument_id)
          from (select distinct r.instrument_id from questionnaire_response r join questionnaire_request q on q.id = r.request_id where q.respondent_kind = 'client') answered`.execute(
          trx,
        );
        // Each client with their first case, and that case's clinic.
        await sql`insert into study_participant (id, organization_id, study_id, clinic_id, role, case_id, client_id, staff_user_id, participant_key, pseudonym, needs_guardian, status, withdrawal_data, created_at, updated_at)
          select 'bench-p-' || m.client_id, ${org}, ${id}, c.clinic_id, 'client', m.case_id, m.client_id, null, 'client:' || m.client_id, 'B-' || m.client_id, 0, 'consented', null, ${now}, ${now}
          from (select client_id, min(case_id) as case_id from case_member group by client_id) m join care_case c on c.id = m.case_id`.execute(
          trx,
        );
        await sql`insert into study_request_item (organization_id, study_id, participant_id, request_id, instrument_id, measure_id, also_clinical)
          select ${org}, ${id}, p.id, q.id, r.instrument_id, 'bench-measure-' || r.instrument_id, 1
          from study_participant p
          join questionnaire_request q on q.client_id = p.client_id and q.case_id = p.case_id
          join questionnaire_response r on r.request_id = q.id
          where p.study_id = ${id}`.execute(trx);
      });
    }
    const count = async (table: 'study_participant' | 'study_request_item') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('study_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      id,
      participants: await count('study_participant'),
      items: await count('study_request_item'),
    };
  } finally {
    await close();
  }
}

/** Runs a child to its end, sampling its resident memory; gives wall time and the curve. */
async function measured(args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', self, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const samples: { at: number; rssMb: number; peakMb: number }[] = [];
  let cpu = 0;
  const sample = () => {
    try {
      // utime and stime, in clock ticks of 1/100 s: fields 14 and 15 of /proc/<pid>/stat.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu = (Number(stat[11]) + Number(stat[12])) / 100;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (name: string) =>
        Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[1] ?? 0);
      samples.push({
        at: (performance.now() - started) / 1000,
        rssMb: kb('VmRSS:') / 1024,
        peakMb: kb('VmHWM:') / 1024,
      });
    } catch {
      // The child has gone.
    }
  };
  const timer = setInterval(sample, 200);
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${args[0]} exited with ${code}: ${output}`);
  const at = (fraction: number) =>
    samples[Math.min(samples.length - 1, Math.floor(fraction * samples.length))]?.rssMb ?? 0;
  return {
    seconds,
    cpu,
    peakMb: Math.max(0, ...samples.map((s) => s.peakMb)),
    curve: [0.1, 0.25, 0.5, 0.75, 0.9].map((f) => Math.round(at(f))),
    output: output.trim(),
  };
}

/**
 * On PostgreSQL: seeds the demo practice as `rapport demo --clients N --no-serve --anchor …`
 * would (its generator, seed and options; no worker thread, which is SQLite's), or reuses it.
 */
async function seedPostgres(url: string, clients: number) {
  const options = demoOptionsSchema.parse({ clients, anchor: ANCHOR, serve: false });
  const anchor = new Date(`${options.anchor}T00:00:00Z`);
  const config = loadConfig({ databaseUrl: url });
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    const practice = generateDemoPractice({ clients, seed: options.seed, anchor });
    const seeded = await seedDemoPractice(handle.db, systemClock, practice, {
      secret: resolveInstanceSecret(config),
      seed: options.seed,
      anchor,
    });
    console.log(
      seeded.reused
        ? 'reused'
        : `${seeded.clients} clients, ${seeded.sessions} sessions, ${seeded.responses} answered forms`,
    );
  } finally {
    await handle.close();
  }
}

/** The PostgreSQL database of one size, `<name>_<clients>` on the server of `server`. */
async function postgresDatabase(server: string, clients: number): Promise<string> {
  const url = new URL(server);
  const name = `${url.pathname.slice(1) || 'rapport_export_bench'}_${clients}`;
  // Created from the server's maintenance database, as createdb does.
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/** Seeds the practice of `clients` unless it is there; gives the seed's wall time or "kept". */
function seedDemo(database: string, clients: number, env: NodeJS.ProcessEnv): string {
  const started = performance.now();
  if (targetOf(database).dialect === 'sqlite') {
    if (existsSync(database)) return 'kept';
    const run = spawnSync(
      process.execPath,
      [
        'bin/rapport.js',
        'demo',
        '--clients',
        String(clients),
        '--db',
        database,
        '--no-serve',
        '--anchor',
        ANCHOR,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (run.status !== 0) throw new Error('the demo seed failed');
  } else {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', self, 'seed', database, String(clients)],
      { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (run.status !== 0) throw new Error('the demo seed failed');
    if (run.stdout.trim() === 'reused') return 'kept';
    console.log(`  seed: ${run.stdout.trim()}`);
  }
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { db: { type: 'string' } },
  });
  const sizes = (positionals[0] ?? '5000,20000').split(',').map(Number);
  const dir = positionals[1] ?? join(tmpdir(), 'rapport-export-bench');
  mkdirSync(dir, { recursive: true });
  // As every `rapport` command: --db, else DATABASE_URL, else SQLite (one file a size here).
  const server = values.db ?? process.env.DATABASE_URL;
  if (server !== undefined && targetOf(server).dialect !== 'postgres')
    throw new Error('--db takes a postgres:// URL; the SQLite files go in the folder argument');
  console.log(
    `${server ? 'PostgreSQL' : 'SQLite'}: clients | seed | participants | study items | export: time, peak RSS, RSS at 10/25/50/75/90 % | ZIP | dump: time, peak RSS, curve | CSV | export / dump | load before → after`,
  );
  for (const clients of sizes) {
    const database = server
      ? await postgresDatabase(server, clients)
      : join(dir, `demo-${clients}.db`);
    const env: NodeJS.ProcessEnv = server
      ? {
          ...process.env,
          DATABASE_URL: database,
          RAPPORT_SECRET: process.env.RAPPORT_SECRET ?? BENCH_SECRET,
        }
      : process.env;
    const seed = seedDemo(database, clients, env);
    const study = await benchmarkStudy(database);
    const zip = join(dir, `export-${clients}.zip`);
    const csv = join(dir, `dump-${clients}.csv`);
    const before = load();
    const exported = await measured(['export', database, study.id, zip], env);
    const dumped = await measured(['dump', database, study.id, csv], env);
    const mb = (path: string) => `${(statSync(path).size / 2 ** 20).toFixed(0)} MB`;
    console.log(
      `${clients} | ${seed} | ${study.participants} | ${study.items} | ${exported.seconds.toFixed(1)} s (CPU ${exported.cpu.toFixed(1)} s), ${exported.peakMb.toFixed(0)} MB, ${exported.curve.join('/')} | ${mb(zip)} | ${dumped.seconds.toFixed(1)} s (CPU ${dumped.cpu.toFixed(1)} s), ${dumped.peakMb.toFixed(0)} MB, ${dumped.curve.join('/')} | ${mb(csv)} | ${(exported.seconds / dumped.seconds).toFixed(2)} (CPU ${(exported.cpu / dumped.cpu).toFixed(2)}) | ${before} → ${load()}`,
    );
    console.log(`  export: ${exported.output}\n  dump: ${dumped.output}`);
    rmSync(zip, { force: true });
    rmSync(csv, { force: true });
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'dump') await dump(rest[0]!, rest[1]!, rest[2]!);
else if (mode === 'seed') await seedPostgres(rest[0]!, Number(rest[1]));
else if (mode === 'export') {
  // On PostgreSQL the child's environment names the database (DATABASE_URL), as for `rapport`.
  const target = targetOf(rest[0]!);
  process.exitCode = await runCli([
    process.argv[0]!,
    'rapport',
    'export',
    'study',
    rest[1]!,
    '--out',
    rest[2]!,
    ...(target.dialect === 'sqlite' ? ['--db', target.file] : []),
  ]);
} else await main();
