import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestPractice,
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { everySession, insertTestPlan } from '../../../test/helpers/plan.fixture.ts';
import {
  type TestMeasure,
  createTestParticipant,
  createTestStudy,
} from '../../../test/helpers/study.fixture.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { ParticipantStatus } from '../db/database-schema.ts';
import { hashQuestionnaireToken, questionnaireToken } from './questionnaire-link.ts';
import { listRequestsForSession } from './questionnaire-request.repository.ts';
import {
  listReadableScoresForCase,
  listScoresForCase,
} from './questionnaire-response.repository.ts';
import { listSessionAnswerRows } from './session-answers.repository.ts';
import { loadQuestionnaire, openQuestionnaireLink } from './questionnaire-visit.service.ts';
import { recordAttendance } from './record-attendance.service.ts';
import { submitResponse } from './submit-response.service.ts';
import { withdrawStudyFormsFromOpenRequests } from './withdraw-study-forms.service.ts';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

// The founding study's shape: the client's WAI-SR and WHO-5 at sessions 3 and 5 and the
// sociodemographic form at enrolment; the therapist's work-context form at enrolment and
// their session rating at session 3. The clinic's plan asks the client's WAI-SR and the
// therapist's rating after every session, so those are asked once and marked also clinical.
const FOUNDING: TestMeasure[] = [
  { instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [3, 5] },
  { instrumentId: 'who-5', respondent: 'client', sessionNumbers: [3, 5] },
  { instrumentId: 'client-sociodemographic', respondent: 'client', timing: 'enrolment' },
  { instrumentId: 'therapist-work-context', respondent: 'therapist', timing: 'enrolment' },
  { instrumentId: 'therapist-session-rating', respondent: 'therapist', sessionNumbers: [3] },
];

describe.each(testDialects)('a study’s measures on the session links, on %s', (dialect) => {
  let handle: DatabaseHandle;
  // After the five weekly sessions of a test case (from 2026-11-02), so each can be attended.
  const now = new Date('2027-01-15T12:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  async function scenario(
    options: {
      plan?: boolean;
      measures?: TestMeasure[];
      members?: ParticipantStatus[];
      therapist?: ParticipantStatus | null;
      studyStatus?: 'draft' | 'recruiting' | 'closed';
    } = {},
  ) {
    const practice: TestPractice = await createTestPractice(handle.db);
    const therapist = await createTestStaff(handle.db, practice);
    const researcher = await createTestStaff(handle.db, practice, 'researcher');
    if (options.plan !== false)
      await insertTestPlan(handle.db, practice, {
        entries: [everySession('wai-sr'), everySession('therapist-session-rating', 'therapist')],
      });
    const memberStatuses = options.members ?? ['consented'];
    const made = await createTestCase(handle.db, practice, therapist.id, {
      type: memberStatuses.length > 1 ? 'couple' : 'individual',
      members: memberStatuses.length,
      attendance: ['scheduled', 'scheduled', 'scheduled', 'scheduled', 'scheduled'],
    });
    const study = await createTestStudy(handle.db, practice, researcher.id, {
      measures: options.measures ?? FOUNDING,
    });
    if (options.studyStatus)
      await handle.db
        .updateTable('study')
        .set({ status: options.studyStatus })
        .where('id', '=', study.id)
        .execute();
    const participants: Record<string, string> = {};
    for (const [index, status] of memberStatuses.entries()) {
      const client = made.clients[index]!;
      participants[client.id] = (
        await createTestParticipant(
          handle.db,
          practice,
          study,
          { role: 'client', caseId: made.careCase.id, clientId: client.id },
          status,
        )
      ).id;
    }
    if (options.therapist !== null)
      participants[therapist.id] = (
        await createTestParticipant(
          handle.db,
          practice,
          study,
          { role: 'therapist', staffUserId: therapist.id },
          options.therapist ?? 'consented',
        )
      ).id;
    const orgId = practice.organization.id;
    const attend = async (sessionNumber: number) => {
      const session = made.sessions[sessionNumber - 1]!;
      const result = await recordAttendance(
        handle.db,
        clock,
        SECRET,
        { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
        { type: 'system', id: null },
      );
      const requests = await listRequestsForSession(handle.db, orgId, session.id);
      const of = (id: string) => requests.find((r) => (r.clientId ?? r.staffUserId) === id);
      return { result, requests, of };
    };
    const items = () =>
      handle.db
        .selectFrom('study_request_item')
        .selectAll()
        .where('study_id', '=', study.id)
        .execute();
    return { practice, therapist, study, participants, attend, items, ...made, orgId };
  }

  it('adds the study’s forms at their sessions, the enrolment forms once, nothing twice', async () => {
    const s = await scenario();
    const client = s.clients[0]!.id;

    const first = await s.attend(1);
    expect(first.of(client)?.instruments).toEqual(['wai-sr', 'client-sociodemographic']);
    expect(first.of(s.therapist.id)?.instruments).toEqual([
      'therapist-session-rating',
      'therapist-work-context',
    ]);
    expect((await s.attend(2)).of(client)?.instruments).toEqual(['wai-sr']);
    const third = await s.attend(3);
    expect(third.of(client)?.instruments).toEqual(['wai-sr', 'who-5']);
    expect(third.of(s.therapist.id)?.instruments).toEqual(['therapist-session-rating']);
    expect((await s.attend(4)).of(s.therapist.id)?.instruments).toEqual([
      'therapist-session-rating',
    ]);

    const rows = await s.items();
    const view = rows
      .map((r) => {
        const session = [first, third].findIndex((x) =>
          x.requests.some((q) => q.id === r.request_id),
        );
        return `${session === 0 ? 1 : session === 1 ? 3 : '?'} ${r.instrument_id} ${r.also_clinical} ${r.participant_id === s.participants[client] ? 'client' : 'therapist'}`;
      })
      .sort();
    expect(view).toEqual([
      '1 client-sociodemographic 0 client',
      '1 therapist-work-context 0 therapist',
      '3 therapist-session-rating 1 therapist',
      '3 wai-sr 1 client',
      '3 who-5 0 client',
    ]);
    expect(rows.every((r) => r.organization_id === s.orgId)).toBe(true);

    // Marked attended again: no request and no study item is added.
    const again = await s.attend(3);
    expect(again.result.requestsCreated).toBe(0);
    expect(await s.items()).toHaveLength(rows.length);
  });

  it('gives declined, invited and withdrawn people only the clinic’s forms', async () => {
    for (const status of ['declined', 'invited', 'withdrawn', 'completed'] as const) {
      const s = await scenario({ members: [status], therapist: status });
      const third = await s.attend(3);
      expect(third.of(s.clients[0]!.id)?.instruments, status).toEqual(['wai-sr']);
      expect(third.of(s.therapist.id)?.instruments, status).toEqual(['therapist-session-rating']);
      expect(await s.items(), status).toEqual([]);
    }
  });

  it('asks each member of a couple for themselves: the consented one gets the study forms, the declining one does not', async () => {
    const s = await scenario({ members: ['consented', 'declined'] });
    const first = await s.attend(1);
    expect(first.of(s.clients[0]!.id)?.instruments).toEqual(['wai-sr', 'client-sociodemographic']);
    expect(first.of(s.clients[1]!.id)?.instruments).toEqual(['wai-sr']);
  });

  it('asks a consented therapist nothing for a case that is not enrolled', async () => {
    const s = await scenario({ members: ['invited'], therapist: 'consented' });
    const first = await s.attend(1);
    expect(first.of(s.therapist.id)?.instruments).toEqual(['therapist-session-rating']);
    expect(await s.items()).toEqual([]);
  });

  it('asks nothing for a draft study; a closed study’s consented participants go on', async () => {
    const draft = await scenario({ studyStatus: 'draft' });
    expect((await draft.attend(3)).of(draft.clients[0]!.id)?.instruments).toEqual(['wai-sr']);
    const closed = await scenario({ studyStatus: 'closed' });
    expect((await closed.attend(3)).of(closed.clients[0]!.id)?.instruments).toEqual([
      'wai-sr',
      'who-5',
      'client-sociodemographic',
    ]);
  });

  it('sends a link with only the study’s forms when the clinic asks nothing', async () => {
    const s = await scenario({ plan: false });
    const first = await s.attend(1);
    expect(first.requests.map((r) => [r.respondentKind, r.instruments])).toEqual([
      ['client', ['client-sociodemographic']],
      ['therapist', ['therapist-work-context']],
    ]);
    expect(first.result.requestsCreated).toBe(2);
    // Session 2 asks nobody anything: no request at all.
    expect((await s.attend(2)).requests).toEqual([]);
  });

  it('shows a study form with the study’s options and refuses a value the study left out', async () => {
    const s = await scenario({
      measures: [
        { instrumentId: 'client-sociodemographic', respondent: 'client', timing: 'enrolment' },
        { instrumentId: 'therapist-work-context', respondent: 'therapist', timing: 'enrolment' },
      ],
    });
    await handle.db
      .updateTable('study_measure')
      .set({
        options: JSON.stringify({
          '6': [{ value: 1, label: { en: 'Castilian' } }, { value: 99 }],
        }),
      })
      .where('id', '=', s.study.measureIds[0]!)
      .execute();
    await handle.db
      .updateTable('study_measure')
      .set({
        options: JSON.stringify({
          '4': [
            { value: 1, label: { en: 'North clinic' } },
            { value: 2, label: { en: 'South clinic' } },
          ],
        }),
      })
      .where('id', '=', s.study.measureIds[1]!)
      .execute();
    const first = await s.attend(1);
    const clientRequest = first.of(s.clients[0]!.id)!;
    const deps = { db: handle.db, clock };
    const opened = await openQuestionnaireLink(deps, questionnaireToken(SECRET, clientRequest.id), {
      ip: '198.51.100.7',
      requestId: 'test',
    });
    expect(opened).not.toBeNull();
    const page = await loadQuestionnaire(deps, opened!.visitToken);
    const socio = page.forms.find((f) => f.id === 'client-sociodemographic')!;
    expect(socio.items[5]!.options).toEqual([
      { value: 1, label: 'Castilian' },
      { value: 99, label: 'Prefer not to say' },
    ]);
    // Other items as published.
    expect(socio.items[0]!.options).toHaveLength(8);
    expect(hashQuestionnaireToken(opened!.visitToken)).not.toBe(opened!.visitToken);

    const therapistRequest = first.of(s.therapist.id)!;
    const answers = { '1': 1, '2': 3, '3': 1, '5': 2 };
    const submit = (clinic: number) =>
      submitResponse(
        handle.db,
        clock,
        {
          organizationId: s.orgId,
          requestId: therapistRequest.id,
          submissionId: randomUUID(),
          instrumentId: 'therapist-work-context',
          answers: { ...answers, '4': clinic },
        },
        { type: 'staff', id: s.therapist.id },
      );
    await expect(submit(5)).rejects.toMatchObject({ code: 'validation' });
    expect(
      await handle.db
        .selectFrom('questionnaire_response')
        .select('id')
        .where('request_id', '=', therapistRequest.id)
        .execute(),
    ).toEqual([]);
    const stored = await submit(2);
    // The therapist's clinical rating of that session is still to come on the same request.
    expect(stored).toMatchObject({ stored: true, progress: { answered: 1, total: 2 } });
    // A descriptive form: the answers are kept, no score row is written.
    expect(stored.score.scales).toEqual([]);
    const scores = await handle.db
      .selectFrom('score')
      .select('id')
      .where('response_id', '=', stored.responseId)
      .execute();
    expect(scores).toEqual([]);
  });

  it('takes a withdrawn participant’s unanswered study forms off their open links at once', async () => {
    const s = await scenario();
    const client = s.clients[0]!.id;
    const first = await s.attend(1);
    const third = await s.attend(3);
    const request = third.of(client)!;
    expect(request.instruments).toEqual(['wai-sr', 'who-5']);
    // Nothing answered yet when the client withdraws.
    await handle.db
      .updateTable('study_participant')
      .set({ status: 'withdrawn' })
      .where('id', '=', s.participants[client]!)
      .execute();
    const removed = await withdrawStudyFormsFromOpenRequests(
      handle.db,
      s.orgId,
      s.participants[client]!,
      now,
    );
    // The sociodemographic form of session 1's link and the WHO-5 of session 3's.
    expect(removed).toBe(2);
    const firstAfter = await listRequestsForSession(
      handle.db,
      s.orgId,
      first.requests[0]!.sessionId,
    );
    expect(firstAfter.find((r) => r.clientId === client)?.instruments).toEqual(['wai-sr']);
    const after = await listRequestsForSession(handle.db, s.orgId, third.requests[0]!.sessionId);
    const mine = after.find((r) => r.id === request.id)!;
    // The WAI-SR is the clinic's: it stays, and the link still opens.
    expect(mine).toMatchObject({ instruments: ['wai-sr'], status: 'open' });
    const left = (await s.items()).filter((i) => i.participant_id === s.participants[client]);
    expect(left.map((i) => [i.instrument_id, i.also_clinical])).toEqual([['wai-sr', 1]]);
    // The therapist's forms are untouched; session 5 asks the client only the clinic's form.
    expect(after.find((r) => r.staffUserId === s.therapist.id)?.instruments).toEqual([
      'therapist-session-rating',
    ]);
    expect((await s.attend(5)).of(client)?.instruments).toEqual(['wai-sr']);
  });

  it('completes or revokes a link that had only study forms when its participant withdraws', async () => {
    const s = await scenario({
      plan: false,
      measures: [
        { instrumentId: 'who-5', respondent: 'client', sessionNumbers: [1] },
        { instrumentId: 'client-sociodemographic', respondent: 'client', timing: 'enrolment' },
        { instrumentId: 'therapist-work-context', respondent: 'therapist', timing: 'enrolment' },
      ],
    });
    const client = s.clients[0]!.id;
    const first = await s.attend(1);
    const clientRequest = first.of(client)!;
    await submitResponse(
      handle.db,
      clock,
      {
        organizationId: s.orgId,
        requestId: clientRequest.id,
        submissionId: randomUUID(),
        instrumentId: 'who-5',
        answers: { '1': 3, '2': 3, '3': 3, '4': 3, '5': 3 },
      },
      { type: 'client', id: client },
    );
    for (const id of [s.participants[client]!, s.participants[s.therapist.id]!])
      await withdrawStudyFormsFromOpenRequests(handle.db, s.orgId, id, now);
    const after = await listRequestsForSession(handle.db, s.orgId, clientRequest.sessionId);
    // The client answered the WHO-5: kept (the study's policy decides), the link completes.
    expect(after.find((r) => r.id === clientRequest.id)).toMatchObject({
      instruments: ['who-5'],
      status: 'completed',
    });
    // The therapist had answered nothing: the request is revoked.
    expect(after.find((r) => r.staffUserId === s.therapist.id)).toMatchObject({
      instruments: [],
      status: 'revoked',
    });
  });

  it('keeps a study’s own forms out of the therapist’s pages; the alert engine still reads them', async () => {
    const s = await scenario({
      measures: [{ instrumentId: 'who-5', respondent: 'client', sessionNumbers: [1] }],
    });
    const client = s.clients[0]!.id;
    const first = await s.attend(1);
    const request = first.of(client)!;
    expect(request.instruments).toEqual(['wai-sr', 'who-5']);
    const submit = (instrumentId: string, answers: Record<string, number>) =>
      submitResponse(
        handle.db,
        clock,
        {
          organizationId: s.orgId,
          requestId: request.id,
          submissionId: randomUUID(),
          instrumentId,
          answers,
        },
        { type: 'client', id: client },
      );
    await submit(
      'wai-sr',
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), 4])),
    );
    await submit('who-5', { '1': 3, '2': 3, '3': 3, '4': 3, '5': 3 });
    const therapist = {
      userId: s.therapist.id,
      organizationId: s.orgId,
      roles: [{ clinicId: s.practice.clinic.id, role: 'therapist' as const }],
      authSessionId: randomUUID(),
    };
    // The session's answers and the case's scores: the clinic's WAI-SR, not the study's WHO-5.
    const answers = await listSessionAnswerRows(handle.db, therapist, s.sessions[0]!.id);
    expect(answers.map((a) => a.instrumentId)).toEqual(['wai-sr']);
    const shown = await listReadableScoresForCase(handle.db, therapist, s.careCase.id);
    expect(new Set(shown.map((p) => p.instrumentId))).toEqual(new Set(['wai-sr']));
    // The alert engine runs as the system and reads both (a risk answer must reach someone).
    const all = await listScoresForCase(handle.db, s.orgId, s.careCase.id);
    expect(new Set(all.map((p) => p.instrumentId))).toEqual(new Set(['wai-sr', 'who-5']));
  });
});
