import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { StaffRoleName } from '../db/database-schema.ts';
import { insertSupervision } from '../staff/staff.repository.ts';
import { findCaseAccess } from './case-access.repository.ts';

const actorOf = (
  user: { id: string; organizationId: string },
  clinicId: string,
  role: StaffRoleName,
): StaffActor => ({
  userId: user.id,
  organizationId: user.organizationId,
  roles: [{ clinicId, role }],
  authSessionId: 'test-session',
});

describe.each(testDialects)('case access on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('gives the therapist write, their supervisor read, and everyone else nothing', async () => {
    const db = handle.db;
    const practice = await createTestPractice(db);
    const clinicId = practice.clinic.id;
    const therapist = await createTestStaff(db, practice, 'therapist');
    const colleague = await createTestStaff(db, practice, 'therapist');
    const supervisor = await createTestStaff(db, practice, 'supervisor');
    const otherSupervisor = await createTestStaff(db, practice, 'supervisor');
    const admin = await createTestStaff(db, practice, 'admin');
    const researcher = await createTestStaff(db, practice, 'researcher');
    await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
    await insertSupervision(db, practice.organization.id, otherSupervisor.id, colleague.id);
    const { careCase } = await createTestCase(db, practice, therapist.id);

    const access = (user: typeof therapist, role: StaffRoleName) =>
      findCaseAccess(db, actorOf(user, clinicId, role), careCase.id);
    expect(await access(therapist, 'therapist')).toBe('write');
    expect(await access(supervisor, 'supervisor')).toBe('read');
    expect(await access(colleague, 'therapist')).toBeUndefined();
    expect(await access(otherSupervisor, 'supervisor')).toBeUndefined();
    expect(await access(admin, 'admin')).toBeUndefined();
    expect(await access(researcher, 'researcher')).toBeUndefined();
  });

  it("finds no case of another organization, even for that case's own therapist id", async () => {
    const db = handle.db;
    const mine = await createTestPractice(db);
    const theirs = await createTestPractice(db);
    const therapist = await createTestStaff(db, theirs, 'therapist');
    const { careCase } = await createTestCase(db, theirs, therapist.id);
    const intruder: StaffActor = {
      ...actorOf(therapist, mine.clinic.id, 'therapist'),
      organizationId: mine.organization.id,
    };
    expect(await findCaseAccess(db, intruder, careCase.id)).toBeUndefined();
    expect(
      await findCaseAccess(db, actorOf(therapist, theirs.clinic.id, 'therapist'), 'nope'),
    ).toBeUndefined();
  });
});
