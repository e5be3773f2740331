import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { createTestPractice, createTestStaff } from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import {
  findStaffUser,
  findStaffUserByEmail,
  listStaff,
  listStaffRoles,
} from './staff.repository.ts';

describe.each(testDialects)('staff repository on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('stores a staff user with roles and finds them by e-mail', async () => {
    const practice = await createTestPractice(handle.db);
    const user = await createTestStaff(handle.db, practice, 'supervisor');
    expect(await findStaffUserByEmail(handle.db, user.email.toUpperCase())).toEqual(user);
    expect(await listStaffRoles(handle.db, practice.organization.id, user.id)).toEqual([
      { clinicId: practice.clinic.id, role: 'supervisor' },
    ]);
    const staff = await listStaff(handle.db, practice.organization.id);
    expect(staff).toEqual([
      { ...user, roles: [{ clinicId: practice.clinic.id, role: 'supervisor' }] },
    ]);
  });

  it("never shows another organization's staff", async () => {
    const mine = await createTestPractice(handle.db);
    const theirs = await createTestPractice(handle.db);
    const stranger = await createTestStaff(handle.db, theirs);
    expect(await findStaffUser(handle.db, mine.organization.id, stranger.id)).toBeUndefined();
    expect(await listStaffRoles(handle.db, mine.organization.id, stranger.id)).toEqual([]);
    expect(await listStaff(handle.db, mine.organization.id)).toEqual([]);
  });
});
