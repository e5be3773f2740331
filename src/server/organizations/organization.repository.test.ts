import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import {
  findClinicByIdOrName,
  findOrganizationBySlug,
  listClinics,
} from './organization.repository.ts';

describe.each(testDialects)('organization repository on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('finds an organization by slug and lists its clinics', async () => {
    const practice = await createTestPractice(handle.db);
    expect(await findOrganizationBySlug(handle.db, practice.organization.slug)).toEqual(
      practice.organization,
    );
    expect(await listClinics(handle.db, practice.organization.id)).toEqual([practice.clinic]);
  });

  it("never shows another organization's clinics", async () => {
    const mine = await createTestPractice(handle.db);
    const theirs = await createTestPractice(handle.db);
    expect(await listClinics(handle.db, mine.organization.id)).not.toContainEqual(theirs.clinic);
    expect(await findClinicByIdOrName(handle.db, theirs.clinic.id, mine.organization.id)).toEqual(
      [],
    );
    expect(await findClinicByIdOrName(handle.db, theirs.clinic.id, theirs.organization.id)).toEqual(
      [theirs.clinic],
    );
  });
});
