// Crash recovery under load: nothing acknowledged is lost.
// Usage: npx tsx bench/crash.bench.ts [submissions=10000] [kills=8] (needs dist/server:
// `node esbuild.config.js` first, as `rapport serve` runs the compiled server)
//
// The real `rapport serve` on a SQLite file; submissions / 2 open requests of two forms each
// (WAI-SR + session feedback) written beforehand. 50 concurrent clients answer every link as
// the questionnaire page does (open the link for the visit cookie, POST each form with a
// submission id chosen once, retry an unanswered POST with the same id) while the server is
// SIGKILLed `kills` times at random moments (0.3–1.5 s into each run) and restarted on its
// port. Then one more kill and restart, and the queue must drain (jobs left `running` by a
// killed worker are taken up once their 30 s lease lapses). Reports acknowledged, stored,
// acknowledged-and-stored-once, duplicates, incomplete rows (missing scores, audit row or
// alert job), request/response mismatches and PRAGMA integrity_check. The same check runs in
// CI at 2,000 submissions on both databases: test/crash-recovery.test.ts.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import {
  checkStored,
  crashRun,
  seedOpenRequests,
  startServer,
  waitForJobsDone,
} from '../test/helpers/crash-run.ts';

const SUBMISSIONS = Number(process.argv[2] ?? 10_000);
const KILLS = Number(process.argv[3] ?? 8);

const file = join(mkdtempSync(join(tmpdir(), 'rapport-crash-bench-')), 'rapport.db');
const handle = openDatabase({ dialect: 'sqlite', file });
await migrateToLatest(handle.db);
const seeded = await seedOpenRequests(handle.db, () => new Date(), SUBMISSIONS / 2);
const target = { dialect: 'sqlite' as const, database: file };

const started = Date.now();
const run = await crashRun(target, handle.db, seeded, {
  clients: 50,
  kills: KILLS,
  deadlineMs: 600_000,
});
const loadSeconds = (Date.now() - started) / 1000;
run.server.child.kill('SIGKILL');
await run.server.exited;
const { rapport } = await startServer(target, 0);
const restarted = Date.now();
const drained = await waitForJobsDone(handle.db, seeded.organizationId, 90_000);
const drainSeconds = (Date.now() - restarted) / 1000;
rapport.child.kill('SIGTERM');
await rapport.exited;
const report = await checkStored(handle.db, 'sqlite', seeded.organizationId, run.acknowledged);
await handle.close();

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `| submissions sent | kills | acknowledged | stored | acknowledged & stored once | duplicates | incomplete | request mismatches | jobs left running by kills | integrity_check | load + kills | queue drained after last restart |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${run.sent.size} | ${run.kills} | ${run.acknowledged.size} | ${report.stored} | ${report.acknowledgedStoredOnce} | ${report.duplicates} | ${report.incomplete} | ${report.requestMismatches} | ${run.leftRunning} | ${report.integrity} | ${loadSeconds.toFixed(1)} s | ${drained ? `${drainSeconds.toFixed(1)} s` : 'no'} |`,
);
if (run.unexpected.length > 0) console.log(`unexpected answers: ${run.unexpected.slice(0, 5)}`);
const ok =
  drained &&
  run.unexpected.length === 0 &&
  report.acknowledgedStoredOnce === run.acknowledged.size &&
  report.stored === run.acknowledged.size &&
  report.duplicates === 0 &&
  report.incomplete === 0 &&
  report.requestMismatches === 0 &&
  report.integrity === 'ok';
process.exitCode = ok ? 0 : 1;
