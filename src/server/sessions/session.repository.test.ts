import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import {
  countSessions,
  findSession,
  insertSessions,
  listSessionsForCase,
  sessionToRow,
  updateSessionAttendance,
} from './session.repository.ts';

describe.each(testDialects)('session repository on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('lists a case’s sessions in order and records attendance', async () => {
    const practice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    const { careCase, sessions } = await createTestCase(handle.db, practice, therapist.id, {
      attendance: ['attended', 'no-show', 'scheduled'],
    });
    expect(await listSessionsForCase(handle.db, practice.organization.id, careCase.id)).toEqual(
      sessions,
    );
    const last = sessions[2]!;
    expect(
      await updateSessionAttendance(
        handle.db,
        practice.organization.id,
        last.id,
        'attended',
        '2026-11-20T00:00:00.000Z',
      ),
    ).toBe(true);
    expect((await findSession(handle.db, practice.organization.id, last.id))?.attendance).toBe(
      'attended',
    );
    expect(await countSessions(handle.db, practice.organization.id)).toBe(3);
  });

  it('refuses a second session with the same number in a case', async () => {
    const practice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    const { sessions } = await createTestCase(handle.db, practice, therapist.id);
    await expect(
      insertSessions(handle.db, [
        sessionToRow({ ...sessions[0]!, id: crypto.randomUUID() }, sessions[0]!.startsAt),
      ]),
    ).rejects.toThrow();
  });

  it("cannot read or change another organization's session", async () => {
    const mine = await createTestPractice(handle.db);
    const theirs = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, theirs);
    const { careCase, sessions } = await createTestCase(handle.db, theirs, therapist.id);
    const target = sessions[0]!;
    expect(await findSession(handle.db, mine.organization.id, target.id)).toBeUndefined();
    expect(await listSessionsForCase(handle.db, mine.organization.id, careCase.id)).toEqual([]);
    expect(
      await updateSessionAttendance(
        handle.db,
        mine.organization.id,
        target.id,
        'cancelled',
        '2026-11-20T00:00:00.000Z',
      ),
    ).toBe(false);
    expect((await findSession(handle.db, theirs.organization.id, target.id))?.attendance).toBe(
      'attended',
    );
  });
});
