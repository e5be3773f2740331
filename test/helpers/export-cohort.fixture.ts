import { randomUUID } from 'node:crypto';
import type { ParticipantStatus } from '../../src/core/research/consent-rules.ts';
import type { Database } from '../../src/server/db/database.ts';
import { listRequestsForSession } from '../../src/server/measurement/questionnaire-request.repository.ts';
import { recordAttendance } from '../../src/server/measurement/record-attendance.service.ts';
import { submitResponse } from '../../src/server/measurement/submit-response.service.ts';
import { createTestCase, createTestPractice, createTestStaff } from './factories.ts';
import { createTestParticipant, createTestStudy } from './study.fixture.ts';

export const EXPORT_TEST_SECRET = 'test-secret-export-0123456789-0123456789';

/** One synthetic client of the cohort: their status in the study and their answers. */
export interface CohortClient {
  status: ParticipantStatus;
  /** WAI-SR items 1–12 (1–5) and WHO-5 items 1–5 (0–5). */
  wai: number[];
  who: number[];
}

export interface ExportCohort {
  organizationId: string;
  studyId: string;
  researcherId: string;
  clients: {
    participantId: string;
    status: ParticipantStatus;
    /** Everything that identifies the person directly: none of it may leave in an export. */
    identifiers: string[];
  }[];
  therapist: { participantId: string; identifiers: string[] };
}

const mark = () => `Zq${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/**
 * A study asking its clients the WAI-SR and the WHO-5 after session 1, each client with a
 * case of their own, answered, and then given the status asked for (a withdrawal that keeps
 * the data, a decline or an open invitation after the fact: their answers are there, and an
 * export must still leave them out). Names, e-mails, phones and birth dates are distinctive
 * random marks, so a test can look for them anywhere in an export.
 */
export async function createExportCohort(
  db: Database,
  clients: CohortClient[],
  options: { minCellSize?: number; at?: Date } = {},
): Promise<ExportCohort> {
  const at = options.at ?? new Date('2026-11-20T12:00:00Z');
  const clock = () => at;
  const practice = await createTestPractice(db);
  const organizationId = practice.organization.id;
  const therapist = await createTestStaff(db, practice);
  const researcher = await createTestStaff(db, practice, 'researcher');
  const therapistMarks = [mark(), `${mark()}@mail.example`];
  await db
    .updateTable('staff_user')
    .set({ display_name: therapistMarks[0]!, email: therapistMarks[1]! })
    .where('id', '=', therapist.id)
    .execute();
  const study = await createTestStudy(db, practice, researcher.id, {
    measures: [
      { instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [1] },
      { instrumentId: 'who-5', respondent: 'client', sessionNumbers: [1] },
    ],
  });
  if (options.minCellSize !== undefined)
    await db
      .updateTable('study')
      .set({ min_cell_size: options.minCellSize })
      .where('id', '=', study.id)
      .execute();
  const pT = await createTestParticipant(db, practice, study, {
    role: 'therapist',
    staffUserId: therapist.id,
  });
  const made: ExportCohort['clients'] = [];
  for (const c of clients) {
    const careCase = await createTestCase(db, practice, therapist.id, {
      attendance: ['scheduled'],
    });
    const client = careCase.clients[0]!;
    const identifiers = [
      mark(),
      mark(),
      `${mark()}@mail.example`,
      `+4670${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      '1987-03-14',
    ];
    await db
      .updateTable('client')
      .set({
        given_name: identifiers[0]!,
        family_name: identifiers[1]!,
        email: identifiers[2]!,
        mobile: identifiers[3]!,
        date_of_birth: identifiers[4]!,
        birth_year: 1987,
      })
      .where('id', '=', client.id)
      .execute();
    const p = await createTestParticipant(db, practice, study, {
      role: 'client',
      caseId: careCase.careCase.id,
      clientId: client.id,
    });
    const session = careCase.sessions[0]!;
    await recordAttendance(
      db,
      clock,
      EXPORT_TEST_SECRET,
      {
        organizationId,
        sessionId: session.id,
        attendance: 'attended',
      },
      { type: 'system', id: null },
    );
    const answers: Record<string, number[]> = { 'wai-sr': c.wai, 'who-5': c.who };
    for (const request of await listRequestsForSession(db, organizationId, session.id))
      for (const instrumentId of request.instruments)
        if (answers[instrumentId] && request.clientId)
          await submitResponse(
            db,
            clock,
            {
              organizationId,
              requestId: request.id,
              submissionId: randomUUID(),
              instrumentId,
              answers: Object.fromEntries(answers[instrumentId]!.map((v, i) => [String(i + 1), v])),
            },
            { type: 'client', id: request.clientId },
          );
    if (c.status !== 'consented')
      await db
        .updateTable('study_participant')
        .set({ status: c.status })
        .where('id', '=', p.id)
        .execute();
    made.push({ participantId: p.id, status: c.status, identifiers });
  }
  return {
    organizationId,
    studyId: study.id,
    researcherId: researcher.id,
    clients: made,
    therapist: { participantId: pT.id, identifiers: therapistMarks },
  };
}
