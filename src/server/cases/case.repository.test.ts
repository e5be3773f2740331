import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { countClients, findClient } from '../clients/client.repository.ts';
import { countCases, findCase, listCasesForTherapist } from './case.repository.ts';

describe.each(testDialects)('case and client repositories on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('reads a couple case with its members and therapist', async () => {
    const practice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    const { careCase, clients } = await createTestCase(handle.db, practice, therapist.id, {
      type: 'couple',
      members: 2,
    });
    const found = await findCase(handle.db, practice.organization.id, careCase.id);
    expect(found).toMatchObject({ ...careCase, therapistIds: [therapist.id] });
    expect(found?.members.map((m) => m.clientId).sort()).toEqual(clients.map((c) => c.id).sort());
    expect(await listCasesForTherapist(handle.db, practice.organization.id, therapist.id)).toEqual([
      // A case made without a clinic case type reads as its structure; an open one has no reason.
      { ...careCase, caseType: careCase.type, closedReason: null },
    ]);
    expect(await countClients(handle.db, practice.organization.id)).toBe(2);
    expect(await countCases(handle.db, practice.organization.id)).toBe(1);
    expect(await findClient(handle.db, practice.organization.id, clients[0]!.id)).toEqual({
      ...clients[0],
      preferredName: null,
      dateOfBirth: null,
      mobile: null,
      createdAt: expect.any(String),
      updatedAt: null,
    });
  });

  it("never shows another organization's cases or clients, even by id", async () => {
    const mine = await createTestPractice(handle.db);
    const theirs = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, theirs);
    const { careCase, clients } = await createTestCase(handle.db, theirs, therapist.id);
    expect(await findCase(handle.db, mine.organization.id, careCase.id)).toBeUndefined();
    expect(await findClient(handle.db, mine.organization.id, clients[0]!.id)).toBeUndefined();
    expect(await listCasesForTherapist(handle.db, mine.organization.id, therapist.id)).toEqual([]);
    expect(await countClients(handle.db, mine.organization.id)).toBe(0);
  });
});
