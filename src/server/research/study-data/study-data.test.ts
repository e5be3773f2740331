import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../../test/helpers/factories.ts';
import { everySession, insertTestPlan } from '../../../../test/helpers/plan.fixture.ts';
import { createTestParticipant, createTestStudy } from '../../../../test/helpers/study.fixture.ts';
import { openTestDatabase, testDialects } from '../../../../test/helpers/test-databases.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { listRequestsForSession } from '../../measurement/questionnaire-request.repository.ts';
import { recordAttendance } from '../../measurement/record-attendance.service.ts';
import { submitResponse } from '../../measurement/submit-response.service.ts';
import { deleteParticipantStudyData, listParticipantStudyData } from './study-data.service.ts';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';
const same = (n: number, value: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i + 1), value]));
// A complete, valid response to each form the scenario asks.
const ANSWERS: Record<string, Record<string, number>> = {
  'wai-sr': same(12, 4),
  'who-5': same(5, 3),
  swls: same(5, 5),
  'flourishing-scale': same(8, 6),
  'client-sociodemographic': { '1': 3, '2': 1, '3': 5, '4': 1, '5': 3, '6': 1 },
  'therapist-work-context': { '1': 1, '2': 3, '3': 1, '4': 1, '5': 2 },
  'therapist-session-rating': { '1': 4, '2': 4, '3': 5, '4': 0 },
};

describe.each(testDialects)('a participant’s study-only data, on %s', (dialect) => {
  let handle: DatabaseHandle;
  const now = new Date('2026-11-20T12:00:00Z');
  const clock = () => now;
  const system = { type: 'system' as const, id: null };

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  /**
   * Two cases of one therapist. Study 1 asks the client the WAI-SR (the clinic asks it too),
   * the WHO-5 and the Flourishing Scale at session 1 and the sociodemographic form at
   * enrolment, and the therapist the work-context form. Study 2 asks client 1 the WHO-5
   * (also study 1's) and the SWLS. Every form of session 1 is answered.
   */
  async function scenario() {
    const practice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    const researcher = await createTestStaff(handle.db, practice, 'researcher');
    await insertTestPlan(handle.db, practice, {
      entries: [everySession('wai-sr'), everySession('therapist-session-rating', 'therapist')],
    });
    const caseA = await createTestCase(handle.db, practice, therapist.id, {
      attendance: ['scheduled'],
    });
    const caseB = await createTestCase(handle.db, practice, therapist.id, {
      attendance: ['scheduled'],
    });
    const study1 = await createTestStudy(handle.db, practice, researcher.id, {
      measures: [
        { instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [1] },
        { instrumentId: 'who-5', respondent: 'client', sessionNumbers: [1] },
        { instrumentId: 'flourishing-scale', respondent: 'client', sessionNumbers: [1] },
        { instrumentId: 'client-sociodemographic', respondent: 'client', timing: 'enrolment' },
        { instrumentId: 'therapist-work-context', respondent: 'therapist', timing: 'enrolment' },
      ],
    });
    const study2 = await createTestStudy(handle.db, practice, researcher.id, {
      measures: [
        { instrumentId: 'who-5', respondent: 'client', sessionNumbers: [1] },
        { instrumentId: 'swls', respondent: 'client', sessionNumbers: [1] },
      ],
    });
    const client1 = caseA.clients[0]!.id;
    const client2 = caseB.clients[0]!.id;
    const inA = { role: 'client' as const, caseId: caseA.careCase.id, clientId: client1 };
    const p1 = await createTestParticipant(handle.db, practice, study1, inA);
    const p1other = await createTestParticipant(handle.db, practice, study2, inA);
    const p2 = await createTestParticipant(handle.db, practice, study1, {
      role: 'client',
      caseId: caseB.careCase.id,
      clientId: client2,
    });
    const pT = await createTestParticipant(handle.db, practice, study1, {
      role: 'therapist',
      staffUserId: therapist.id,
    });
    const orgId = practice.organization.id;
    for (const made of [caseA, caseB]) {
      const session = made.sessions[0]!;
      await recordAttendance(
        handle.db,
        clock,
        SECRET,
        { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
        system,
      );
      for (const request of await listRequestsForSession(handle.db, orgId, session.id))
        for (const instrumentId of request.instruments)
          await submitResponse(
            handle.db,
            clock,
            {
              organizationId: orgId,
              requestId: request.id,
              submissionId: randomUUID(),
              instrumentId,
              answers: ANSWERS[instrumentId]!,
            },
            request.clientId
              ? { type: 'client', id: request.clientId }
              : { type: 'staff', id: request.staffUserId! },
          );
    }
    return { orgId, study1, study2, p1, p1other, p2, pT, client1, caseA };
  }

  const snapshot = async () => ({
    responses: await handle.db
      .selectFrom('questionnaire_response')
      .select(['id', 'instrument_id', 'respondent_key', 'organization_id'])
      .execute(),
    scores: await handle.db.selectFrom('score').select(['id', 'response_id']).execute(),
    items: await handle.db
      .selectFrom('study_request_item')
      .select(['study_id', 'request_id', 'instrument_id', 'participant_id'])
      .execute(),
  });
  const itemKey = (i: { study_id: string; request_id: string; instrument_id: string }) =>
    `${i.study_id}/${i.request_id}/${i.instrument_id}`;

  it('lists the study-only forms of one participant, with answers and scores, and audits the read', async () => {
    const s = await scenario();
    const items = await listParticipantStudyData(
      handle.db,
      clock,
      { organizationId: s.orgId, studyId: s.study1.id, participantId: s.p1.id },
      system,
    );
    // The WAI-SR is the clinic's too: not study-only, not listed.
    expect(
      items.map((i) => [i.instrumentId, i.sessionNumber, i.scores.map((x) => x.scaleId)]),
    ).toEqual([
      ['client-sociodemographic', 1, []],
      ['flourishing-scale', 1, ['total']],
      ['who-5', 1, ['percent', 'total']],
    ]);
    expect(items[0]!.response?.answers).toEqual(ANSWERS['client-sociodemographic']);
    expect(items.find((i) => i.instrumentId === 'flourishing-scale')?.scores[0]?.value).toBe(48);
    const audit = await handle.db
      .selectFrom('audit_event')
      .select(['action', 'entity_type', 'details'])
      .where('organization_id', '=', s.orgId)
      .where('entity_id', '=', s.p1.id)
      .execute();
    expect(audit.map((a) => [a.action, a.entity_type])).toEqual([
      ['study-data.read', 'study_participant'],
    ]);
    expect(JSON.parse(audit[0]!.details as string)).toEqual({ studyId: s.study1.id, items: 3 });
  });

  it('deletes only that participant’s study-only data of that study, in one go, and audits it', async () => {
    const s = await scenario();
    const before = await snapshot();
    const result = await deleteParticipantStudyData(
      handle.db,
      clock,
      { organizationId: s.orgId, studyId: s.study1.id, participantId: s.p1.id },
      system,
    );
    const after = await snapshot();

    // Gone: client 1's answers to the sociodemographic form and the Flourishing Scale (asked
    // by study 1 alone) with the Flourishing score, and client 1's four study-1 items.
    const goneResponses = before.responses.filter(
      (r) => !after.responses.some((a) => a.id === r.id),
    );
    expect(goneResponses.map((r) => [r.instrument_id, r.respondent_key]).sort()).toEqual([
      ['client-sociodemographic', `client:${s.client1}`],
      ['flourishing-scale', `client:${s.client1}`],
    ]);
    const goneScores = before.scores.filter((r) => !after.scores.some((a) => a.id === r.id));
    expect(goneScores.map((r) => r.response_id).sort()).toEqual(
      goneResponses.filter((r) => r.instrument_id === 'flourishing-scale').map((r) => r.id),
    );
    const goneItems = before.items.filter(
      (i) =>
        !after.items.some(
          (a) => itemKey(a) === itemKey(i) && a.participant_id === i.participant_id,
        ),
    );
    expect(goneItems.map((i) => [i.participant_id, i.instrument_id]).sort()).toEqual([
      [s.p1.id, 'client-sociodemographic'],
      [s.p1.id, 'flourishing-scale'],
      [s.p1.id, 'wai-sr'],
      [s.p1.id, 'who-5'],
    ]);
    expect(result).toEqual({
      responses: 2,
      scores: 1,
      items: 4,
      caseIds: [s.caseA.careCase.id],
    });

    // Kept: the WAI-SR (a clinical record), the WHO-5 (study 2 asked it too) and the SWLS,
    // with study 2's items; the other client's and the therapist's study-1 data.
    const kept = (participantId: string) =>
      after.items.filter((i) => i.participant_id === participantId).map((i) => i.instrument_id);
    expect(kept(s.p1other.id).sort()).toEqual(['swls', 'who-5']);
    expect(kept(s.p2.id).sort()).toEqual([
      'client-sociodemographic',
      'flourishing-scale',
      'wai-sr',
      'who-5',
    ]);
    expect(kept(s.pT.id)).toEqual(['therapist-work-context']);
    const client1Left = after.responses
      .filter((r) => r.respondent_key === `client:${s.client1}`)
      .map((r) => r.instrument_id)
      .sort();
    expect(client1Left).toEqual(['swls', 'wai-sr', 'who-5']);

    // The deletion is audited with counts only; the case's alerts are recomputed.
    const audit = await handle.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('organization_id', '=', s.orgId)
      .where('action', '=', 'study-data.delete')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details as string))).toEqual([
      { studyId: s.study1.id, responses: 2, scores: 1, items: 4 },
    ]);
    const jobs = await handle.db
      .selectFrom('job')
      .select('unique_key')
      .where('organization_id', '=', s.orgId)
      .where('unique_key', 'like', '%study-data-deleted%')
      .execute();
    expect(jobs).toHaveLength(1);

    // Asked again: nothing is left to delete.
    const again = await deleteParticipantStudyData(
      handle.db,
      clock,
      { organizationId: s.orgId, studyId: s.study1.id, participantId: s.p1.id },
      system,
    );
    expect(again).toEqual({ responses: 0, scores: 0, items: 0, caseIds: [] });
  });

  it('refuses a participant of another study or organization and changes nothing', async () => {
    const s = await scenario();
    const other = await scenario();
    const before = await snapshot();
    for (const target of [
      { organizationId: s.orgId, studyId: s.study2.id, participantId: s.p1.id },
      { organizationId: s.orgId, studyId: other.study1.id, participantId: other.p1.id },
      { organizationId: s.orgId, studyId: s.study1.id, participantId: randomUUID() },
    ]) {
      await expect(
        deleteParticipantStudyData(handle.db, clock, target, system),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        listParticipantStudyData(handle.db, clock, target, system),
      ).rejects.toMatchObject({ code: 'not_found' });
    }
    const after = await snapshot();
    // Each set built once: the shared PostgreSQL database holds every test file's rows.
    const gone = (was: string[], now: string[]) => {
      const kept = new Set(now);
      return was.filter((key) => !kept.has(key));
    };
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(gone(ids(before.responses), ids(after.responses))).toEqual([]);
    expect(gone(ids(before.scores), ids(after.scores))).toEqual([]);
    expect(gone(before.items.map(itemKey), after.items.map(itemKey))).toEqual([]);
  });
});
