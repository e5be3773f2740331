import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { submitClientForms } from '../../../test/helpers/alert-test-scenario.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { listScoresForCase } from './questionnaire-response.repository.ts';

describe.each(testDialects)('stored scores keep every digit, on %s', (dialect) => {
  let handle: DatabaseHandle;
  const clock = () => new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('reads back a WAI-SR mean of 47/12 exactly as it was computed', async () => {
    // Four-byte floats (PostgreSQL `real`) gave 3.9166667: the same answers then scored
    // differently on the two databases (migration 2026-12-01-score-precision).
    const practice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    const made = await createTestCase(handle.db, practice, therapist.id, {
      attendance: ['attended'],
    });
    const answers = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [String(i + 1), i === 0 ? 3 : 4]),
    );
    await submitClientForms(
      handle.db,
      clock,
      {
        organizationId: practice.organization.id,
        caseId: made.careCase.id,
        clientId: made.clients[0]!.id,
      },
      made.sessions[0]!.id,
      { 'wai-sr': answers },
    );
    const scores = await listScoresForCase(handle.db, practice.organization.id, made.careCase.id);
    const total = scores.find((s) => s.scaleId === 'total');
    expect(total?.itemMean).toBe(47 / 12);
    // Task = items 1, 2, 10, 12 (Hatcher & Gillaspy 2006): 3 + 4 + 4 + 4 = 15, mean 3.75.
    expect(scores.find((s) => s.scaleId === 'task')?.itemMean).toBe(3.75);
  });
});
