import { spawn } from 'node:child_process';
import { childProcessEnvironment } from '../config.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/app-error.ts';

/**
 * PostgreSQL's own client programs do the PostgreSQL side of backup and restore: pg_dump
 * takes one consistent snapshot however busy the server is, and its custom format is what
 * pg_restore (and every PostgreSQL operator) knows.
 */
type Tool = 'pg_dump' | 'pg_restore' | 'psql';

/** Debian and Ubuntu install the programs here and put only a wrapper on PATH (if that). */
const DEBIAN_ROOT = '/usr/lib/postgresql';

const found = new Map<Tool, string>();

function runsOnPath(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(name, ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

export async function findTool(name: Tool): Promise<string> {
  const known = found.get(name);
  if (known) return known;
  let path: string | undefined;
  if (await runsOnPath(name)) path = name;
  else if (existsSync(DEBIAN_ROOT)) {
    const versions = readdirSync(DEBIAN_ROOT)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    path = versions.map((v) => join(DEBIAN_ROOT, v, 'bin', name)).find((p) => existsSync(p));
  }
  if (!path)
    throw new AppError(
      'config',
      `${name} was not found on PATH or in ${DEBIAN_ROOT}/*/bin: install PostgreSQL's client programs (Debian: apt install postgresql-client), of the server's major version or newer`,
    );
  found.set(name, path);
  return path;
}

/**
 * The URL without its password, and the password apart: the tools get it in PGPASSWORD,
 * because their command line is visible to every user of the machine (ps).
 */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env = childProcessEnvironment(password ? { PGPASSWORD: password } : {});
  return { dbname: parsed.toString(), env };
}

interface Run {
  tool: Tool;
  args: string[];
  url?: string;
  /** Standard output goes here instead of being discarded. */
  onStdout?: (chunk: Buffer) => void;
}

function start(path: string, run: Run) {
  const { dbname, env } = run.url ? connection(run.url) : { dbname: undefined, env: undefined };
  const args = dbname ? [...run.args, `--dbname=${dbname}`] : run.args;
  const child = spawn(path, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout.on('data', (c: Buffer) => run.onStdout?.(c));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      // The tool's first line says what went wrong (a version mismatch, a refused login).
      const line = stderr.split('\n').find((l) => l.trim().length > 0) ?? `exit code ${code}`;
      reject(new AppError('unavailable', `${run.tool} failed: ${line.trim()}`));
    });
  });
  return { child, done };
}

export async function runTool(run: Run): Promise<void> {
  const { child, done } = start(await findTool(run.tool), run);
  child.stdin.end();
  await done;
}

/** `pg_dump --format=custom` of the database at `url` into `file`: one snapshot. */
export function dumpDatabase(url: string, file: string): Promise<void> {
  return runTool({
    tool: 'pg_dump',
    args: ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`],
    url,
  });
}

/**
 * Reads the whole archive (its table of contents and every table's data) and returns the
 * names in its `kysely_migration` table, so a damaged archive is found before a restore.
 */
export async function readArchive(file: string): Promise<{ migrations: string[] }> {
  await runTool({ tool: 'pg_restore', args: ['--file=/dev/null', file] });
  let text = '';
  await runTool({
    tool: 'pg_restore',
    args: ['--data-only', '--table=kysely_migration', '--file=-', file],
    onStdout: (c) => (text += c.toString('utf8')),
  });
  const lines = text.split('\n');
  const copy = lines.findIndex((l) => /^COPY \S*kysely_migration /.test(l));
  const migrations: string[] = [];
  if (copy >= 0)
    for (const line of lines.slice(copy + 1)) {
      if (line === '\\.') break;
      migrations.push(line.split('\t')[0]!);
    }
  return { migrations };
}

/**
 * Restores the archive into the database at `url` in one transaction: `prelude` (SQL) first,
 * then pg_restore's script through psql, all or nothing (ON_ERROR_STOP, --single-transaction).
 */
export async function restoreArchive(url: string, file: string, prelude: string): Promise<void> {
  const [pgRestore, psql] = await Promise.all([findTool('pg_restore'), findTool('psql')]);
  const target = start(psql, {
    tool: 'psql',
    args: ['--no-psqlrc', '--quiet', '--single-transaction', '-v', 'ON_ERROR_STOP=1', '--file=-'],
    url,
  });
  target.child.stdin.write(prelude);
  const source = start(pgRestore, {
    tool: 'pg_restore',
    args: ['--no-owner', '--no-privileges', '--file=-', file],
  });
  source.child.stdin.end();
  // psql commits whatever it read when its input ends, so the input ends only after
  // pg_restore succeeded; if pg_restore fails, psql is killed and the transaction rolls back.
  source.child.stdout.pipe(target.child.stdin, { end: false });
  const restored = source.done.then(
    () => void target.child.stdin.end(),
    (error: unknown) => {
      target.child.kill('SIGKILL');
      throw error;
    },
  );
  const results = await Promise.allSettled([restored, target.done]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
