import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../../test/helpers/auth-client.ts';
import {
  createHeldInterview,
  createTestInterviewTask,
} from '../../../../test/helpers/interview.fixture.ts';
import { createRolePractice } from '../../../../test/helpers/role-practice.ts';
import {
  addJuniorResearcher,
  createTestParticipant,
  createTestStudy,
} from '../../../../test/helpers/study.fixture.ts';
import { useTestApp } from '../../../../test/helpers/test-app.ts';
import { testDialects } from '../../../../test/helpers/test-databases.ts';
import type { Database, Dialect } from '../../db/database.ts';

/**
 * A study whose senior researcher is the role practice's researcher, with a second,
 * non-senior researcher on the team who held two interviews (client and therapist of
 * case 1, session 3 and 5), and an interview that is still open.
 */
async function reviewPractice(db: Database) {
  const p = await createRolePractice(db);
  const study = await createTestStudy(db, p.practice, p.staff.researcher.id);
  const junior = await addJuniorResearcher(db, p.practice, study);
  const client = await createTestParticipant(db, p.practice, study, {
    role: 'client',
    caseId: p.case1.careCase.id,
    clientId: p.case1.clients[0]!.id,
  });
  const therapist = await createTestParticipant(db, p.practice, study, {
    role: 'therapist',
    staffUserId: p.staff.therapist1.id,
  });
  const base = {
    organizationId: study.organizationId,
    studyId: study.id,
    dueAt: '2026-11-18T10:50:00.000Z',
  };
  const first = await createHeldInterview(db, {
    ...base,
    participantId: client.id,
    sessionId: p.case1.sessions[2]!.id,
    interviewerId: junior.id,
    startsAt: '2026-11-17T09:00:00.000Z',
  });
  const second = await createHeldInterview(db, {
    ...base,
    participantId: therapist.id,
    sessionId: p.case1.sessions[2]!.id,
    interviewerId: junior.id,
    startsAt: '2026-11-17T13:00:00.000Z',
    status: 'partial',
  });
  const open = await createTestInterviewTask(db, {
    ...base,
    participantId: client.id,
    sessionId: p.case1.sessions[1]!.id,
  });
  const outsider = await createStaffWithPassword(db, p.practice, 'researcher');
  return { ...p, study, junior, first, second, open, outsider };
}

describe.each(testDialects)('interview reflection and review on %s', (dialect: Dialect) => {
  let now = Date.parse('2026-11-20T12:00:00Z');
  const clock = () => new Date(now);
  const t = useTestApp(dialect, clock);

  it('the interviewer writes and edits the reflection note, its history kept; nobody else writes it', async () => {
    now = Date.parse('2026-11-17T10:30:00Z');
    const p = await reviewPractice(t.db);
    const junior = await t.signedIn(p.junior.email);
    const senior = await t.signedIn(p.staff.researcher.email);
    const url = (task: string) => `/api/research/studies/${p.study.id}/interviews/tasks/${task}`;

    const empty = await junior.call('PUT', `${url(p.first)}/reflection`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    const notHeld = await junior.call('PUT', `${url(p.open)}/reflection`, { body: 'Thoughts' });
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().detail).toContain('was not held');
    const bySenior = await senior.call('PUT', `${url(p.first)}/reflection`, { body: 'Mine' });
    expect(bySenior.statusCode).toBe(403);
    expect(bySenior.json().detail).toContain("the interviewer's own");

    const written = await junior.call('PUT', `${url(p.first)}/reflection`, {
      body: 'I expected the client to be guarded; they were open about the homework.',
    });
    expect(written.statusCode).toBe(200);
    now += 600_000;
    const edited = await junior.call('PUT', `${url(p.first)}/reflection`, {
      body: 'I expected guardedness (my assumption). They were open.',
    });
    expect(edited.json()).toMatchObject({
      body: 'I expected guardedness (my assumption). They were open.',
      authorId: p.junior.id,
      savedAt: '2026-11-17T10:40:00.000Z',
      history: [
        {
          body: 'I expected the client to be guarded; they were open about the homework.',
          savedAt: '2026-11-17T10:30:00.000Z',
        },
      ],
    });

    const detail = await senior.call('GET', url(p.first));
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      task: { id: p.first, status: 'completed' },
      interviewer: { id: p.junior.id },
      reflection: { body: 'I expected guardedness (my assumption). They were open.' },
      review: null,
      recordings: [],
      viewer: { mayWriteReflection: false, mayReview: true },
    });
    expect((await junior.call('GET', url(p.first))).json().viewer).toEqual({
      mayWriteReflection: true,
      mayReview: false,
    });
    // Reads are audited, and the audit holds no text of the note.
    const audits = await t.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('entity_id', '=', p.first)
      .execute();
    expect(audits.map((a) => a.action).sort()).toEqual([
      'interview-reflection.write',
      'interview-reflection.write',
      'interview-task.read',
      'interview-task.read',
    ]);
    expect(JSON.stringify(audits)).not.toContain('guarded');
  });

  it('a senior researcher reviews from the queue; a non-senior gets 403; people off the team 404', async () => {
    now = Date.parse('2026-11-20T12:00:00Z');
    const p = await reviewPractice(t.db);
    const senior = await t.signedIn(p.staff.researcher.email);
    const junior = await t.signedIn(p.junior.email);
    const base = `/api/research/studies/${p.study.id}/interviews`;

    const queue = await senior.call('GET', `${base}/review-queue`);
    expect(queue.statusCode).toBe(200);
    // The interviewer's first interview first; the open one is not in the queue.
    expect(
      queue
        .json()
        .interviews.map((i: { taskId: string; interviewerSequence: number }) => [
          i.taskId,
          i.interviewerSequence,
        ]),
    ).toEqual([
      [p.first, 1],
      [p.second, 2],
    ]);
    const juniorQueue = await junior.call('GET', `${base}/review-queue`);
    expect(juniorQueue.statusCode).toBe(403);
    expect(juniorQueue.json().detail).toBe(
      'Only a senior researcher of this study reviews interviews; ask one of them to review it.',
    );
    const juniorReview = await junior.call('PUT', `${base}/tasks/${p.first}/review`, {
      feedback: 'Fine',
      reviewed: true,
      debriefed: false,
    });
    expect(juniorReview.statusCode).toBe(403);

    const bad = await senior.call('PUT', `${base}/tasks/${p.first}/review`, {
      feedback: null,
      reviewed: false,
      debriefed: true,
    });
    expect(bad.statusCode).toBe(400);
    const notHeld = await senior.call('PUT', `${base}/tasks/${p.open}/review`, {
      feedback: null,
      reviewed: true,
      debriefed: false,
    });
    expect(notHeld.statusCode).toBe(409);
    expect(
      await t.db
        .selectFrom('interview_review')
        .selectAll()
        .where('study_id', '=', p.study.id)
        .execute(),
    ).toEqual([]);

    const reviewed = await senior.call('PUT', `${base}/tasks/${p.first}/review`, {
      feedback: 'Good use of probes; leave more silence after the replay.',
      reviewed: true,
      debriefed: false,
    });
    expect(reviewed.json()).toMatchObject({
      reviewedBy: p.staff.researcher.id,
      reviewedAt: '2026-11-20T12:00:00.000Z',
      debriefedAt: null,
    });
    now += 1_200_000;
    const debriefed = await senior.call('PUT', `${base}/tasks/${p.first}/review`, {
      feedback: 'Good use of probes; leave more silence after the replay.',
      reviewed: true,
      debriefed: true,
    });
    // The first time it was marked reviewed is kept.
    expect(debriefed.json()).toMatchObject({
      reviewedAt: '2026-11-20T12:00:00.000Z',
      debriefedBy: p.staff.researcher.id,
      debriefedAt: '2026-11-20T12:20:00.000Z',
    });
    // Done: it moves behind the interviews still waiting.
    expect(
      (await senior.call('GET', `${base}/review-queue`))
        .json()
        .interviews.map((i: { taskId: string }) => i.taskId),
    ).toEqual([p.second, p.first]);
    // The team sees the feedback on the interview.
    expect((await junior.call('GET', `${base}/tasks/${p.first}`)).json().review).toMatchObject({
      feedback: 'Good use of probes; leave more silence after the replay.',
    });

    for (const email of [p.staff.therapist1.email, p.staff.admin.email, p.outsider.email]) {
      const other = await t.signedIn(email);
      expect((await other.call('GET', `${base}/tasks/${p.first}`)).statusCode).toBe(404);
      expect((await other.call('GET', `${base}/review-queue`)).statusCode).toBe(404);
      expect(
        (await other.call('PUT', `${base}/tasks/${p.first}/reflection`, { body: 'x' })).statusCode,
      ).toBe(404);
      expect(
        (
          await other.call('PUT', `${base}/tasks/${p.first}/review`, {
            feedback: null,
            reviewed: true,
            debriefed: false,
          })
        ).statusCode,
      ).toBe(404);
    }
  });
});
