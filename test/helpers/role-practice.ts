import { randomUUID } from 'node:crypto';
import { insertCases } from '../../src/server/cases/case.repository.ts';
import type { Executor } from '../../src/server/db/database.ts';
import { insertInterpreter } from '../../src/server/interpreters/interpreter.repository.ts';
import { insertSupervision } from '../../src/server/staff/staff.repository.ts';
import { createStaffWithPassword } from './auth-client.ts';
import { type TestPractice, createTestCase, createTestPractice } from './factories.ts';

/**
 * One practice with every role: an admin, two therapists with a case each, a supervisor of
 * therapist 1, a researcher and an interpreter assigned to a session of therapist 1's case.
 */
export async function createRolePractice(db: Executor) {
  const practice = await createTestPractice(db);
  const admin = await createStaffWithPassword(db, practice, 'admin');
  const therapist1 = await createStaffWithPassword(db, practice, 'therapist');
  const therapist2 = await createStaffWithPassword(db, practice, 'therapist');
  const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
  const researcher = await createStaffWithPassword(db, practice, 'researcher');
  const interpreterUser = await createStaffWithPassword(db, practice, 'interpreter');
  await insertSupervision(db, practice.organization.id, supervisor.id, therapist1.id);
  const interpreter = {
    id: randomUUID(),
    organizationId: practice.organization.id,
    staffUserId: interpreterUser.id,
    displayName: 'Test Interpreter',
    languages: ['es', 'en'],
    clinicalExperience: 'psychosocial support',
    briefingAcknowledgedAt: '2026-11-01T10:00:00.000Z',
  };
  await insertInterpreter(db, interpreter, '2026-11-01T10:00:00.000Z');
  const case1 = await createTestCase(db, practice, therapist1.id);
  const case2 = await createTestCase(db, practice, therapist2.id);
  await db
    .updateTable('therapy_session')
    .set({ interpreter_id: interpreter.id, language: 'es' })
    .where('id', '=', case1.sessions[0]!.id)
    .execute();
  return {
    practice,
    staff: { admin, therapist1, therapist2, supervisor, researcher, interpreter: interpreterUser },
    interpreter,
    case1,
    case2,
  };
}

/** Adds a second therapist to a case (co-therapy). */
export async function addCoTherapist(
  db: Executor,
  practice: TestPractice,
  caseId: string,
  staffUserId: string,
) {
  await insertCases(
    db,
    [],
    [],
    [
      {
        organization_id: practice.organization.id,
        case_id: caseId,
        staff_user_id: staffUserId,
        is_primary: 0,
      },
    ],
  );
}
