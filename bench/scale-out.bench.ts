// Scale-out: client submissions against 1, 2 and 3 `rapport serve` processes sharing one
// PostgreSQL.
// Usage: npx tsx bench/scale-out.bench.ts [n=3000] [rounds=2] (needs dist/server:
// `node esbuild.config.js` first, and a PostgreSQL server: BENCH_DATABASE_URL, else
// TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5433/postgres; the bench makes a
// scratch database there and drops it at the end).
//
// The same load as bench/questionnaire-throughput.bench.ts: N different clients' WHO-5 forms,
// each with its own visit cookie and submission id, sent once each by autocannon (in a child
// process, bench/load-generator.ts) over 50 connections, dealt out evenly among the server
// processes (a load balancer would do the same). The servers are the real command, spawned as
// separate processes on one scratch database, each with its own job worker. Baseline: a bare
// Fastify endpoint in this process inserting the JSON body into one table through a pg pool
// (10 connections, the app's default pool). Each round runs the baseline, Rapport on 1, 2 and
// 3 processes, then the baseline again; a ratio is Rapport's rate over the mean of the round's
// two baselines. The servers' CPU per answer is read from /proc (all their processes summed).
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { type Database, migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { startServer } from '../test/helpers/crash-run.ts';
import { TEST_SECRET } from '../test/helpers/questionnaire-fixture.ts';
import type { Load, LoadOrder, PreparedRequest } from './load-generator.ts';
import { prepareWhoFiveSubmissions, whoFive } from './prepared-submissions.ts';

const N = Number(process.argv[2] ?? 3000);
const ROUNDS = Number(process.argv[3] ?? 2);
const INSTANCES = [1, 2, 3];
/** Sent before each measured run and not counted (JIT, caches, the pools' connections). */
const WARM_UP = 600;
const CONNECTIONS = 50;
const SERVER =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5433/postgres';

const generator: ChildProcess = fork(new URL('./load-generator.ts', import.meta.url));

function load(order: LoadOrder): Promise<Load> {
  return new Promise((resolve, reject) => {
    const stopped = () => reject(new Error('the load generator stopped'));
    generator.once('exit', stopped);
    generator.once('message', (result) => {
      generator.off('exit', stopped);
      resolve(result as Load);
    });
    generator.send(order);
  });
}

interface Measured extends Load {
  cpuMs: number;
}

/** User + system CPU of a process so far, in ms (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Warm-up, then the measured run; `cpu` reads the servers' CPU time so far in ms. */
async function measure(
  urls: string[],
  prepared: PreparedRequest[],
  cpu: () => number,
): Promise<Measured> {
  const order = (slice: PreparedRequest[]): LoadOrder => ({
    url: urls[0]!,
    urls,
    connections: CONNECTIONS,
    prepared: slice,
  });
  const warm = await load(order(prepared.slice(0, WARM_UP)));
  if (warm.failed > 0) throw new Error(`${warm.failed} warm-up requests failed`);
  const before = cpu();
  const result = await load(order(prepared.slice(WARM_UP)));
  return { ...result, cpuMs: (cpu() - before) / (prepared.length - WARM_UP) };
}

/** `count` prepared submissions, their links opened through an app over the shared database. */
async function prepareSubmissions(db: Database, count: number): Promise<PreparedRequest[]> {
  const app = await buildApp({
    db,
    dialect: 'postgres',
    clock: () => new Date(),
    secret: TEST_SECRET,
  });
  try {
    return await prepareWhoFiveSubmissions(db, app, TEST_SECRET, count, 2);
  } finally {
    await app.close();
  }
}

async function rapport(url: string, db: Database, instances: number): Promise<Measured> {
  const prepared = await prepareSubmissions(db, WARM_UP + N);
  const servers = await Promise.all(
    Array.from({ length: instances }, () => startServer({ dialect: 'postgres', database: url }, 0)),
  );
  const pids = servers.map((s) => s.rapport.child.pid!);
  const cpu = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  try {
    return await measure(
      servers.map((s) => s.url),
      prepared,
      cpu,
    );
  } finally {
    for (const { rapport: server } of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
}

async function baseline(url: string): Promise<Measured> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const table = `bench_submission_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await pool.query(
    `create table ${table} (id text primary key, body text not null, created_at timestamptz)`,
  );
  const app = Fastify();
  app.post('/insert', async (request) => {
    const body = request.body as { submissionId: string };
    await pool.query(`insert into ${table} (id, body, created_at) values ($1, $2, $3)`, [
      body.submissionId,
      JSON.stringify(body),
      new Date().toISOString(),
    ]);
    return { stored: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const prepared = Array.from({ length: WARM_UP + N }, () => ({
    path: '/insert',
    body: whoFive(),
  }));
  const cpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  try {
    return await measure([address], prepared, cpu);
  } finally {
    await app.close();
    await pool.end();
  }
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const name = `rapport_scaleout_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
await admin(`create database ${name}`);
const url = new URL(SERVER);
url.pathname = `/${name}`;
const handle = openDatabase({ dialect: 'postgres', url: url.toString() });
try {
  await migrateToLatest(handle.db);
  const cell = (r: Measured) =>
    `${Math.round(r.requestsPerSecond)} (${r.p50} / ${r.p99} ms; ${r.cpuMs.toFixed(2)} ms CPU)${r.failed ? `, ${r.failed} failed` : ''}`;
  const load1 = () => loadavg()[0]!.toFixed(2);
  console.log(
    `${N} submissions per run (after ${WARM_UP} unmeasured), ${CONNECTIONS} connections, PostgreSQL`,
  );
  console.log(
    `| round | load (1 min) | baseline before | ${INSTANCES.map((k) => `${k} process${k > 1 ? 'es' : ''}`).join(' | ')} | baseline after | ratios |`,
  );
  console.log(`|${' --- |'.repeat(INSTANCES.length + 5)}`);
  for (let round = 1; round <= ROUNDS; round++) {
    const before = load1();
    const first = await baseline(url.toString());
    const runs: Measured[] = [];
    for (const k of INSTANCES) runs.push(await rapport(url.toString(), handle.db, k));
    const second = await baseline(url.toString());
    const base = (first.requestsPerSecond + second.requestsPerSecond) / 2;
    console.log(
      `| ${round} | ${before} → ${load1()} | ${cell(first)} | ${runs.map(cell).join(' | ')} | ${cell(second)} | ${runs.map((r) => (r.requestsPerSecond / base).toFixed(2)).join(' · ')} |`,
    );
  }
} finally {
  generator.disconnect();
  await handle.close();
  await admin(`drop database if exists ${name} with (force)`);
}
