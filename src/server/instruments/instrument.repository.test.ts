import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { phq9 } from '../../core/instruments/bundled/phq-9.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { findInstrumentDefinition, listInstrumentDefinitions } from './instrument.repository.ts';
import { importInstrumentDefinition } from './instrument.service.ts';

const clock = () => new Date('2026-11-20T09:00:00.000Z');
const actor = { type: 'cli' as const, id: null };
// A site's own instrument: synthetic test data.
const site = (version = '1.0.0') => ({
  ...structuredClone(phq9),
  id: 'site-check-in',
  version,
  licence: { class: 'site-licensed' as const, text: 'Synthetic test instrument.' },
});

describe.each(testDialects)('instrument definitions on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('stores a validated definition per organization and version', async () => {
    const practice = await createTestPractice(handle.db);
    const org = practice.organization.id;
    await importInstrumentDefinition(
      handle.db,
      clock,
      { organizationId: org, definition: site() },
      actor,
    );
    await importInstrumentDefinition(
      handle.db,
      clock,
      { organizationId: org, definition: site('1.1.0') },
      actor,
    );
    const stored = await findInstrumentDefinition(handle.db, org, 'site-check-in', '1.0.0');
    expect(stored?.definition.items).toHaveLength(9);
    expect(stored?.importedAt).toBe('2026-11-20T09:00:00.000Z');
    expect(
      (await listInstrumentDefinitions(handle.db, org)).map((s) => s.definition.version),
    ).toEqual(['1.0.0', '1.1.0']);
  });

  it('never overwrites a version, and a bad file stores nothing', async () => {
    const practice = await createTestPractice(handle.db);
    const org = practice.organization.id;
    await importInstrumentDefinition(
      handle.db,
      clock,
      { organizationId: org, definition: site() },
      actor,
    );
    await expect(
      importInstrumentDefinition(
        handle.db,
        clock,
        { organizationId: org, definition: site() },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      importInstrumentDefinition(
        handle.db,
        clock,
        { organizationId: org, definition: { ...site('2.0.0'), items: [] } },
        actor,
      ),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(await listInstrumentDefinitions(handle.db, org)).toHaveLength(1);
  });

  it("cannot read another organization's definitions", async () => {
    const mine = await createTestPractice(handle.db);
    const theirs = await createTestPractice(handle.db);
    await importInstrumentDefinition(
      handle.db,
      clock,
      { organizationId: theirs.organization.id, definition: site() },
      actor,
    );
    expect(await listInstrumentDefinitions(handle.db, mine.organization.id)).toEqual([]);
    expect(
      await findInstrumentDefinition(handle.db, mine.organization.id, 'site-check-in', '1.0.0'),
    ).toBeUndefined();
    // The same id and version may exist in two organizations.
    await importInstrumentDefinition(
      handle.db,
      clock,
      { organizationId: mine.organization.id, definition: site() },
      actor,
    );
    expect(await listInstrumentDefinitions(handle.db, mine.organization.id)).toHaveLength(1);
  });
});
