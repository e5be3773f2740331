// Time to recompute alerts (load history from the database, analyseCase, reconcile, write)
// per 1,000 cases on SQLite: the first pass creates the alerts, the second finds nothing
// to change (the common case after a new score elsewhere). Each case: one client, 8
// attended sessions with a WAI-SR each, a rupture at session 4 in every other case.
// Usage: npx tsx bench/alert-recompute.bench.ts [cases=200]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitClientForms, waiAnswers } from '../test/helpers/alert-test-scenario.ts';
import { recomputeAlerts } from '../src/server/alerts/recompute-all-alerts.service.ts';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { createTestCase, createTestPractice, createTestStaff } from '../test/helpers/factories.ts';

const cases = Number(process.argv[2] ?? 200);
const database = openDatabase({
  dialect: 'sqlite',
  file: join(mkdtempSync(join(tmpdir(), 'rapport-bench-')), 'bench.db'),
});
await migrateToLatest(database.db);
const clock = () => new Date('2026-11-24T10:00:00Z');
const practice = await createTestPractice(database.db);
const therapist = await createTestStaff(database.db, practice);
const seedStart = performance.now();
for (let c = 0; c < cases; c++) {
  const made = await createTestCase(database.db, practice, therapist.id, {
    attendance: Array.from({ length: 8 }, () => 'attended' as const),
  });
  const target = {
    organizationId: practice.organization.id,
    caseId: made.careCase.id,
    clientId: made.clients[0]!.id,
  };
  const values = c % 2 === 0 ? [4, 4, 4, 2, 2, 4, 4, 4] : [4, 4, 4, 4, 4, 4, 4, 4];
  for (const [i, value] of values.entries())
    await submitClientForms(database.db, clock, target, made.sessions[i]!.id, {
      'wai-sr': waiAnswers(value),
    });
}
console.log(`Seeded ${cases} cases in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);

for (const pass of ['first (creates alerts)', 'second (nothing to change)']) {
  const start = performance.now();
  const summary = await recomputeAlerts(database.db, clock, {
    organizationId: practice.organization.id,
  });
  const msPerCase = (performance.now() - start) / summary.cases;
  // ms per case × 1,000 cases ÷ 1,000 ms/s: the same number reads as s per 1,000 cases.
  console.log(
    `Recompute, ${pass}: ${summary.cases} cases, ${summary.inserted} inserted, ${summary.updated} updated — ${msPerCase.toFixed(2)} ms per case, ${msPerCase.toFixed(1)} s per 1,000 cases.`,
  );
}
await database.close();
