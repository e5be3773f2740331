import { randomUUID } from 'node:crypto';
import { type Kysely, Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openEmptyDatabase } from '../../../test/helpers/empty-database.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { renderFindingMessageIn } from '../../core/alerts/render-finding-message.ts';
import { findAlert } from '../alerts/alert.repository.ts';
import { type DatabaseHandle, migrateToLatest } from './database.ts';
import { migrations } from './migrations.ts';

const BEFORE = '2026-12-01-score-precision';

/** The database as the older schema saw it (as migrations do: `Kysely<any>`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of another time
const old = (handle: DatabaseHandle): Kysely<any> => handle.db;
const english =
  "Overall alliance fell from 4.0 to 2.0 after session 4, more than 1.5 × this client's usual variation.";
const spanish =
  'La alianza global cayó de 4.0 a 2.0 tras la sesión 4, más de 1.5 × la variación habitual de este cliente.';

describe.each(testDialects)('migration 2026-12-04-alert-explanation-messages, on %s', (dialect) => {
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it('keeps the sentences of alerts stored before it, and gives them back on the way down', async () => {
    const handle = await openEmptyDatabase(dialect);
    handles.push(handle);
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => migrations },
    });
    const before = await migrator.migrateTo(BEFORE);
    expect(before.error).toBeUndefined();

    const practice = await createTestPractice(handle.db);
    // A case in the columns the table had then: today's factories write later columns too.
    const made = { careCase: { id: randomUUID() } };
    await old(handle)
      .insertInto('care_case')
      .values({
        id: made.careCase.id,
        organization_id: practice.organization.id,
        clinic_id: practice.clinic.id,
        reference: `M-${made.careCase.id.slice(0, 6)}`,
        type: 'individual',
        presenting_concerns: '[]',
        status: 'active',
        opened_at: '2026-11-01T10:00:00.000Z',
        closed_at: null,
      })
      .execute();
    const id = randomUUID();
    const now = '2026-12-01T10:00:00.000Z';
    // The old shape: one English and one Spanish sentence per row.
    await old(handle)
      .insertInto('alert')
      .values({
        id,
        organization_id: practice.organization.id,
        case_id: made.careCase.id,
        finding_key: `rupture:${made.careCase.id}:c1:total:s4`,
        type: 'rupture',
        severity: 'warning',
        finding_status: 'open',
        status: 'open',
        session_number: 4,
        latest_session: 4,
        respondent_ids: '["c1"]',
        rule: 'detect-ruptures',
        parameters: '{}',
        evidence: '{}',
        explanation_en: english,
        explanation_es: spanish,
        revision: 'old',
        created_at: now,
        updated_at: now,
      })
      .execute();

    expect(await migrateToLatest(handle.db)).toContain('2026-12-04-alert-explanation-messages');
    const alert = await findAlert(handle.db, practice.organization.id, id);
    expect(alert?.explanation).toEqual({
      key: 'storedText',
      params: { en: english, es: spanish },
    });
    // Shown as before, in each reader's language.
    expect(renderFindingMessageIn('en', alert!.explanation)).toBe(english);
    expect(renderFindingMessageIn('es', alert!.explanation)).toBe(spanish);

    const down = await migrator.migrateTo(BEFORE);
    expect(down.error).toBeUndefined();
    const restored = await old(handle)
      .selectFrom('alert')
      .select(['explanation_en', 'explanation_es'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(restored).toEqual({ explanation_en: english, explanation_es: spanish });
  });
});
