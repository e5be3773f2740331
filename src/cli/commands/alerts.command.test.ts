import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { runRapport } from '../../../test/helpers/run-cli.ts';
import { submitClientForms, waiAnswers } from '../../../test/helpers/alert-test-scenario.ts';
import { migrateToLatest, openDatabase } from '../../server/db/database.ts';

describe('rapport alerts recompute', () => {
  it('recomputes every case, idempotently, or one case; a bad id changes nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-cli-')), 'alerts.db');
    const database = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(database.db);
    const practice = await createTestPractice(database.db);
    const therapist = await createTestStaff(database.db, practice);
    const made = await createTestCase(database.db, practice, therapist.id, {
      attendance: ['attended', 'attended', 'attended', 'attended'],
    });
    const clock = () => new Date('2026-11-24T10:00:00Z');
    for (const [i, value] of [4, 4, 4, 2].entries())
      await submitClientForms(
        database.db,
        clock,
        {
          organizationId: practice.organization.id,
          caseId: made.careCase.id,
          clientId: made.clients[0]!.id,
        },
        made.sessions[i]!.id,
        { 'wai-sr': waiAnswers(value) },
      );
    await database.close();

    const first = await runRapport(['alerts', 'recompute', '--db', file]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('Recomputed 1 case(s): 1 new alert(s), 0 updated');
    const again = await runRapport([
      'alerts',
      'recompute',
      '--case',
      made.careCase.id,
      '--db',
      file,
    ]);
    expect(again.stdout).toContain('Recomputed 1 case(s): 0 new alert(s), 0 updated');
    const bad = await runRapport(['alerts', 'recompute', '--case', 'nope', '--db', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--case');
    const unknown = await runRapport([
      'alerts',
      'recompute',
      '--case',
      '00000000-0000-4000-8000-000000000000',
      '--db',
      file,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Case not found');
  });
});
