import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../../test/helpers/auth-client.ts';
import { createRolePractice } from '../../../../test/helpers/role-practice.ts';
import { runJobsUntilIdle } from '../../../../test/helpers/run-jobs.ts';
import { createTestParticipant, createTestStudy } from '../../../../test/helpers/study.fixture.ts';
import { useTestApp } from '../../../../test/helpers/test-app.ts';
import { testDialects } from '../../../../test/helpers/test-databases.ts';
import type { Database, Dialect } from '../../db/database.ts';
import { interviewJobHandlers } from './interview-job-handlers.ts';

// Session 3 of the role practice's case 1 starts 2026-11-16 10:00 UTC and ends 10:50 UTC
// (test/helpers/factories.ts); the clinic is moved to Stockholm (CET in November), so the
// 48-hour deadline is 2026-11-18 10:50 UTC, read 11:50 CET.
const SESSION3_END = '2026-11-16T10:50:00.000Z';
const DUE = '2026-11-18T10:50:00.000Z';

async function interviewPractice(db: Database) {
  const p = await createRolePractice(db);
  const org = p.practice.organization.id;
  await db
    .updateTable('clinic')
    .set({ time_zone: 'Europe/Stockholm' })
    .where('id', '=', p.practice.clinic.id)
    .execute();
  const study = await createTestStudy(db, p.practice, p.staff.researcher.id);
  const client = await createTestParticipant(db, p.practice, study, {
    role: 'client',
    caseId: p.case1.careCase.id,
    clientId: p.case1.clients[0]!.id,
  });
  const therapist = await createTestParticipant(db, p.practice, study, {
    role: 'therapist',
    staffUserId: p.staff.therapist1.id,
  });
  return { ...p, org, study, client, therapist };
}

const tasksOf = (db: Database, studyId: string) =>
  db
    .selectFrom('interview_task')
    .selectAll()
    .where('study_id', '=', studyId)
    .orderBy('participant_id')
    .execute();

const eventsOf = (db: Database, taskId: string) =>
  db
    .selectFrom('interview_task_event')
    .select(['status', 'actor_kind', 'actor_id', 'at'])
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();

describe.each(testDialects)('IPR interviews on %s', (dialect: Dialect) => {
  let now = Date.parse('2026-11-16T12:00:00Z');
  const clock = () => new Date(now);
  const t = useTestApp(dialect, clock);
  const runJobs = () =>
    runJobsUntilIdle({
      db: t.db,
      dialect,
      clock,
      handlers: interviewJobHandlers({ db: t.db, clock }),
    });

  /** Session 3 triggers client and therapist interviews; it is marked attended. */
  async function session3Tasks(p: Awaited<ReturnType<typeof interviewPractice>>) {
    const researcher = await t.signedIn(p.staff.researcher.email);
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const base = `/api/research/studies/${p.study.id}/interviews`;
    await researcher.call('PUT', `${base}/schedule`, {
      sessionNumbers: [3],
      respondents: ['client', 'therapist'],
    });
    await therapist.call('POST', `/api/sessions/${p.case1.sessions[2]!.id}/attendance`, {
      attendance: 'attended',
    });
    await runJobs();
    const tasks = (await researcher.call('GET', `${base}/tasks`)).json().tasks as {
      id: string;
      respondent: string;
    }[];
    return { researcher, therapist, base, tasks };
  }

  it('an attended trigger session gives each consented respondent one task, due 48 h after its end; edits move it, corrections withdraw it', async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const base = `/api/research/studies/${p.study.id}/interviews`;

    const unset = await researcher.call('GET', `${base}/schedule`);
    expect(unset.json()).toEqual({
      sessionNumbers: [],
      respondents: ['client', 'therapist'],
      windowHours: 48,
      configured: false,
    });
    const bad = await researcher.call('PUT', `${base}/schedule`, {
      sessionNumbers: [3, 3],
      respondents: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      await t.db
        .selectFrom('interview_schedule')
        .selectAll()
        .where('study_id', '=', p.study.id)
        .execute(),
    ).toEqual([]);
    const saved = await researcher.call('PUT', `${base}/schedule`, {
      sessionNumbers: [5, 3],
      respondents: ['client', 'therapist'],
    });
    expect(saved.json()).toEqual({
      sessionNumbers: [3, 5],
      respondents: ['client', 'therapist'],
      windowHours: 48,
      configured: true,
    });

    // Session 2 does not trigger; session 3 does.
    const session3 = p.case1.sessions[2]!;
    const attend = (sessionId: string, attendance: string) =>
      therapist.call('POST', `/api/sessions/${sessionId}/attendance`, { attendance });
    expect((await attend(p.case1.sessions[1]!.id, 'attended')).statusCode).toBe(200);
    expect((await attend(session3.id, 'attended')).statusCode).toBe(200);
    await runJobs();
    let tasks = await tasksOf(t.db, p.study.id);
    expect(tasks.map((x) => [x.participant_id, x.session_id, x.due_at, x.status]).sort()).toEqual(
      [
        [p.client.id, session3.id, DUE, 'open'],
        [p.therapist.id, session3.id, DUE, 'open'],
      ].sort(),
    );
    const listed = (await researcher.call('GET', `${base}/tasks`)).json();
    expect(listed.tasks).toHaveLength(2);
    expect(listed.tasks[0]).toMatchObject({
      sessionNumber: 3,
      sessionEndsAt: SESSION3_END,
      dueAt: DUE,
      dueLocal: { local: '2026-11-18 11:50', abbreviation: 'CET', text: '2026-11-18 11:50 CET' },
      timeZone: 'Europe/Stockholm',
      status: 'open',
      booking: null,
      history: [{ status: 'open', actorKind: 'system', actorId: null }],
    });
    // The team sees pseudonyms, never names.
    expect(JSON.stringify(listed)).not.toContain(p.case1.clients[0]!.familyName);

    // Re-marking attended creates nothing twice.
    expect((await attend(session3.id, 'attended')).statusCode).toBe(200);
    await runJobs();
    expect(await tasksOf(t.db, p.study.id)).toHaveLength(2);
    expect(await eventsOf(t.db, tasks[0]!.id)).toHaveLength(1);

    // A later end moves the deadline by exactly as much.
    const moved = await therapist.call('PATCH', `/api/sessions/${session3.id}`, {
      endsAt: '2026-11-16T11:20:00.000Z',
    });
    expect(moved.statusCode).toBe(200);
    await runJobs();
    tasks = await tasksOf(t.db, p.study.id);
    expect(tasks.map((x) => x.due_at)).toEqual([
      '2026-11-18T11:20:00.000Z',
      '2026-11-18T11:20:00.000Z',
    ]);

    // Correcting attendance withdraws the open tasks; marking it attended again brings them back.
    expect((await attend(session3.id, 'no-show')).statusCode).toBe(200);
    await runJobs();
    expect((await tasksOf(t.db, p.study.id)).map((x) => x.status)).toEqual([
      'withdrawn',
      'withdrawn',
    ]);
    expect((await attend(session3.id, 'attended')).statusCode).toBe(200);
    await runJobs();
    tasks = await tasksOf(t.db, p.study.id);
    expect(tasks.map((x) => x.status)).toEqual(['open', 'open']);
    expect((await eventsOf(t.db, tasks[0]!.id)).map((e) => e.status)).toEqual([
      'open',
      'withdrawn',
      'open',
    ]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', tasks[0]!.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'interview-task.create',
      'interview-task.due',
      'interview-task.withdraw',
      'interview-task.reopen',
    ]);
  });

  it('no task for a case without a consented client, a withdrawn participant or a respondent the schedule leaves out', async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    await researcher.call('PUT', `/api/research/studies/${p.study.id}/interviews/schedule`, {
      sessionNumbers: [3],
      respondents: ['therapist'],
    });
    // Case 2: its client withdrew, its therapist consented: the case is not enrolled.
    await createTestParticipant(
      t.db,
      p.practice,
      p.study,
      { role: 'client', caseId: p.case2.careCase.id, clientId: p.case2.clients[0]!.id },
      'withdrawn',
    );
    await createTestParticipant(t.db, p.practice, p.study, {
      role: 'therapist',
      staffUserId: p.staff.therapist2.id,
    });
    const t1 = await t.signedIn(p.staff.therapist1.email);
    const t2 = await t.signedIn(p.staff.therapist2.email);
    await t1.call('POST', `/api/sessions/${p.case1.sessions[2]!.id}/attendance`, {
      attendance: 'attended',
    });
    await t2.call('POST', `/api/sessions/${p.case2.sessions[2]!.id}/attendance`, {
      attendance: 'attended',
    });
    await runJobs();
    expect((await tasksOf(t.db, p.study.id)).map((x) => x.participant_id)).toEqual([
      p.therapist.id,
    ]);
  });

  it('books an interview within the window with an eligible interpreter; refuses late, overlapping, unbriefed, conflicted and withdrawn bookings and changes nothing', async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const { researcher, base, tasks } = await session3Tasks(p);
    const protocol = await researcher.call('POST', `${base}/protocol-versions`, {
      questions: [
        { question: 'What stood out for you in the session?', probes: ['What did you feel then?'] },
      ],
    });
    expect(protocol.statusCode).toBe(201);
    expect(protocol.json().version).toBe(1);
    const clientTask = tasks.find((x) => x.respondent === 'client')!;
    const therapistTask = tasks.find((x) => x.respondent === 'therapist')!;

    const briefed = (
      await researcher.call('POST', '/api/research/interpreters', {
        displayName: 'Briefed Interpreter',
        languages: ['es'],
        clinicalExperience: 'Psychosocial support for refugees, eight years',
        briefedOn: '2026-11-10',
      })
    ).json();
    expect(briefed).toMatchObject({ briefedOn: '2026-11-10', briefedBy: p.staff.researcher.id });
    const unbriefed = (
      await researcher.call('POST', '/api/research/interpreters', {
        displayName: 'Unbriefed Interpreter',
        languages: ['es'],
        clinicalExperience: 'Hospital interpreting',
      })
    ).json();
    const noExperience = await researcher.call('POST', '/api/research/interpreters', {
      displayName: 'No Experience',
      languages: ['es'],
      clinicalExperience: ' ',
    });
    expect(noExperience.statusCode).toBe(400);
    // The role practice's interpreter interpreted case 1's first session (2 November).
    await researcher.call('PUT', `/api/research/interpreters/${p.interpreter.id}/briefing`, {
      briefedOn: '2026-11-01',
    });

    const eligible = (
      await researcher.call('GET', `${base}/tasks/${clientTask.id}/interpreters`)
    ).json();
    expect(eligible.interpreters.map((i: { id: string }) => i.id)).toEqual([briefed.id]);
    // For the therapist, who never had that interpreter either... they did: it was their case.
    const forTherapist = (
      await researcher.call('GET', `${base}/tasks/${therapistTask.id}/interpreters`)
    ).json();
    expect(forTherapist.interpreters.map((i: { id: string }) => i.id)).toEqual([briefed.id]);

    const booking = (extra: object = {}) => ({
      interviewerId: p.staff.researcher.id,
      startsAt: '2026-11-17T09:00:00Z',
      modality: 'video',
      language: 'es',
      interpreterId: briefed.id,
      ...extra,
    });
    const bookings = () =>
      t.db
        .selectFrom('interview_booking')
        .selectAll()
        .where('organization_id', '=', p.org)
        .execute();

    const late = await researcher.call(
      'PUT',
      `${base}/tasks/${clientTask.id}/booking`,
      booking({ startsAt: '2026-11-18T10:51:00Z' }),
    );
    expect(late.statusCode).toBe(400);
    expect(late.json().detail).toBe(
      'The interview must start by its deadline, 2026-11-18 11:50 CET; 2026-11-18 11:51 CET is after it.',
    );
    const conflicted = await researcher.call(
      'PUT',
      `${base}/tasks/${clientTask.id}/booking`,
      booking({ interpreterId: p.interpreter.id }),
    );
    expect(conflicted.statusCode).toBe(409);
    expect(conflicted.json().detail).toBe(
      "Test Interpreter interpreted this client's therapy on 2 November; choose another interpreter.",
    );
    const notBriefed = await researcher.call(
      'PUT',
      `${base}/tasks/${clientTask.id}/booking`,
      booking({ interpreterId: unbriefed.id }),
    );
    expect(notBriefed.statusCode).toBe(409);
    expect(notBriefed.json().detail).toMatch(/no recorded confidentiality briefing/);
    const outsider = await createStaffWithPassword(t.db, p.practice, 'researcher');
    const notTeam = await researcher.call(
      'PUT',
      `${base}/tasks/${clientTask.id}/booking`,
      booking({ interviewerId: outsider.id }),
    );
    expect(notTeam.statusCode).toBe(400);
    expect(await bookings()).toEqual([]);

    // At the deadline exactly is in time.
    const booked = await researcher.call(
      'PUT',
      `${base}/tasks/${clientTask.id}/booking`,
      booking({ startsAt: DUE }),
    );
    expect(booked.statusCode).toBe(200);
    expect(booked.json()).toMatchObject({
      status: 'scheduled',
      protocolVersionId: protocol.json().id,
      booking: {
        interviewerId: p.staff.researcher.id,
        startsAt: DUE,
        endsAt: '2026-11-18T11:50:00.000Z',
        startsLocal: { text: '2026-11-18 11:50 CET' },
        interpreterId: briefed.id,
        bookedBy: p.staff.researcher.id,
      },
      history: [
        { status: 'open', actorKind: 'system' },
        { status: 'scheduled', actorKind: 'staff', actorId: p.staff.researcher.id },
      ],
    });

    // Client and therapist apart: the same interviewer cannot hold an overlapping slot.
    const overlap = await researcher.call(
      'PUT',
      `${base}/tasks/${therapistTask.id}/booking`,
      booking({ startsAt: '2026-11-18T10:30:00Z', interpreterId: null }),
    );
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().detail).toMatch(
      /already has an interview from 2026-11-18 11:50 CET to 12:50/,
    );
    expect(
      (
        await researcher.call(
          'PUT',
          `${base}/tasks/${therapistTask.id}/booking`,
          booking({ startsAt: '2026-11-17T09:00:00Z', interpreterId: null }),
        )
      ).statusCode,
    ).toBe(200);

    // A participant who withdrew cannot be booked (nor rebooked).
    await t.db
      .updateTable('study_participant')
      .set({ status: 'withdrawn' })
      .where('id', '=', p.client.id)
      .execute();
    const before = await bookings();
    const withdrawn = await researcher.call(
      'PUT',
      `${base}/tasks/${clientTask.id}/booking`,
      booking({ startsAt: '2026-11-17T13:00:00Z' }),
    );
    expect(withdrawn.statusCode).toBe(409);
    expect(withdrawn.json().detail).toMatch(/is withdrawn, not consented/);
    expect(await bookings()).toEqual(before);
  });

  it('records outcomes with who and when, and the job marks an unbooked task missed once its window closes', async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const started = await session3Tasks(p);
    let researcher = started.researcher;
    const { base, tasks } = started;
    const clientTask = tasks.find((x) => x.respondent === 'client')!;
    const therapistTask = tasks.find((x) => x.respondent === 'therapist')!;

    const notBooked = await researcher.call('POST', `${base}/tasks/${clientTask.id}/outcome`, {
      outcome: 'completed',
    });
    expect(notBooked.statusCode).toBe(409);
    await researcher.call('PUT', `${base}/tasks/${clientTask.id}/booking`, {
      interviewerId: p.staff.researcher.id,
      startsAt: '2026-11-17T09:00:00Z',
      modality: 'in-person',
      language: 'en',
    });
    const early = await researcher.call('POST', `${base}/tasks/${clientTask.id}/outcome`, {
      outcome: 'partial',
      covered: 'The first two questions',
      stopReason: 'The client felt tired',
    });
    expect(early.statusCode).toBe(409);
    const emptyReason = await researcher.call('POST', `${base}/tasks/${clientTask.id}/outcome`, {
      outcome: 'partial',
      covered: 'The first two questions',
      stopReason: '',
    });
    expect(emptyReason.statusCode).toBe(400);

    now = Date.parse('2026-11-17T10:00:00Z');
    researcher = await t.signedIn(p.staff.researcher.email);
    const partial = await researcher.call('POST', `${base}/tasks/${clientTask.id}/outcome`, {
      outcome: 'partial',
      covered: 'The first two questions',
      stopReason: 'The client felt tired',
    });
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({
      status: 'partial',
      covered: 'The first two questions',
      stopReason: 'The client felt tired',
      history: [
        { status: 'open' },
        { status: 'scheduled' },
        {
          status: 'partial',
          actorKind: 'staff',
          actorId: p.staff.researcher.id,
          at: '2026-11-17T10:00:00.000Z',
        },
      ],
    });
    const again = await researcher.call('POST', `${base}/tasks/${clientTask.id}/outcome`, {
      outcome: 'completed',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('This interview is already partial.');
    // Free text never reaches the audit trail.
    const auditRows = await t.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('entity_id', '=', clientTask.id)
      .execute();
    expect(auditRows.map((a) => a.action)).toContain('interview-task.outcome');
    expect(JSON.stringify(auditRows)).not.toMatch(/tired|questions/);

    // The therapist's task was never booked: the job marks it missed when the window closes.
    now = Date.parse(DUE) - 1;
    await runJobs();
    expect((await tasksOf(t.db, p.study.id)).find((x) => x.id === therapistTask.id)!.status).toBe(
      'open',
    );
    now = Date.parse(DUE);
    await runJobs();
    researcher = await t.signedIn(p.staff.researcher.email);
    const closed = (await tasksOf(t.db, p.study.id)).find((x) => x.id === therapistTask.id)!;
    expect(closed.status).toBe('missed');
    expect((await eventsOf(t.db, therapistTask.id)).map((e) => [e.status, e.actor_kind])).toEqual([
      ['open', 'system'],
      ['missed', 'system'],
    ]);
    // A missed interview cannot be booked any more.
    const tooLate = await researcher.call('PUT', `${base}/tasks/${therapistTask.id}/booking`, {
      interviewerId: p.staff.researcher.id,
      startsAt: '2026-11-18T09:00:00Z',
      modality: 'phone',
      language: 'en',
    });
    expect(tooLate.statusCode).toBe(409);
  });

  it("a participant's withdrawal withdraws their pending interview at once, and re-marking the session attended does not bring it back", async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const base = `/api/research/studies/${p.study.id}/interviews`;
    await researcher.call('PUT', `${base}/schedule`, {
      sessionNumbers: [3],
      respondents: ['client', 'therapist'],
    });
    const therapist = await t.signedIn(p.staff.therapist1.email);
    const session3 = p.case1.sessions[2]!.id;
    await therapist.call('POST', `/api/sessions/${session3}/attendance`, {
      attendance: 'attended',
    });
    await runJobs();
    const clientTask = (await tasksOf(t.db, p.study.id)).find(
      (x) => x.participant_id === p.client.id,
    )!;
    await researcher.call('PUT', `${base}/tasks/${clientTask.id}/booking`, {
      interviewerId: p.staff.researcher.id,
      startsAt: '2026-11-17T09:00:00Z',
      modality: 'video',
      language: 'en',
    });

    const withdrawal = await researcher.call(
      'POST',
      `/api/research/participants/${p.client.id}/withdrawal`,
    );
    expect(withdrawal.statusCode, withdrawal.body).toBe(200);
    const statusOf = async () =>
      Object.fromEntries(
        (await tasksOf(t.db, p.study.id)).map((x) => [x.participant_id, x.status]),
      );
    expect(await statusOf()).toEqual({ [p.client.id]: 'withdrawn', [p.therapist.id]: 'open' });
    expect((await eventsOf(t.db, clientTask.id)).map((e) => e.status)).toEqual([
      'open',
      'scheduled',
      'withdrawn',
    ]);
    await therapist.call('POST', `/api/sessions/${session3}/attendance`, {
      attendance: 'attended',
    });
    await runJobs();
    expect(await statusOf()).toEqual({ [p.client.id]: 'withdrawn', [p.therapist.id]: 'open' });
  });

  it('keeps the study team to itself: another researcher and a therapist get 404, another organization sees nothing', async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const other = await createStaffWithPassword(t.db, p.practice, 'researcher');
    const base = `/api/research/studies/${p.study.id}/interviews`;
    const otherResearcher = await t.signedIn(other.email);
    expect((await otherResearcher.call('GET', `${base}/tasks`)).statusCode).toBe(404);
    expect(
      (
        await otherResearcher.call('PUT', `${base}/schedule`, {
          sessionNumbers: [3],
          respondents: ['client'],
        })
      ).statusCode,
    ).toBe(404);
    const therapist = await t.signedIn(p.staff.therapist1.email);
    for (const path of ['schedule', 'protocol-versions', 'tasks'])
      expect((await therapist.call('GET', `${base}/${path}`)).statusCode).toBe(404);
    expect((await therapist.call('GET', '/api/research/interpreters')).statusCode).toBe(403);
    const elsewhere = await createRolePractice(t.db);
    const foreign = await t.signedIn(elsewhere.staff.researcher.email);
    expect(
      (
        await foreign.call('PUT', `/api/research/interpreters/${p.interpreter.id}/briefing`, {
          briefedOn: '2026-11-01',
        })
      ).statusCode,
    ).toBe(404);
    const theirs = (await foreign.call('GET', '/api/research/interpreters')).json();
    expect(theirs.interpreters.map((i: { id: string }) => i.id)).not.toContain(p.interpreter.id);
  });

  it("warns (and saves) when staff give a client's or therapist's therapy the interpreter of their research interview", async () => {
    now = Date.parse('2026-11-16T12:00:00Z');
    const p = await interviewPractice(t.db);
    const { researcher, therapist, base, tasks } = await session3Tasks(p);
    const register = async (displayName: string) =>
      (
        await researcher.call('POST', '/api/research/interpreters', {
          displayName,
          languages: ['es'],
          clinicalExperience: 'Psychosocial support, six years',
          briefedOn: '2026-11-10',
        })
      ).json() as { id: string };
    const forClient = await register('Client Interview Interpreter');
    const forTherapist = await register('Therapist Interview Interpreter');
    const unused = await register('Unused Interpreter');
    const book = (respondent: string, interpreterId: string, startsAt: string) =>
      researcher.call(
        'PUT',
        `${base}/tasks/${tasks.find((x) => x.respondent === respondent)!.id}/booking`,
        {
          interviewerId: p.staff.researcher.id,
          startsAt,
          modality: 'video',
          language: 'es',
          interpreterId,
        },
      );
    expect((await book('client', forClient.id, '2026-11-17T09:00:00Z')).statusCode).toBe(200);
    expect((await book('therapist', forTherapist.id, '2026-11-17T11:00:00Z')).statusCode).toBe(200);

    const assign = (sessionId: string, interpreterId: string | null) =>
      therapist.call('PATCH', `/api/sessions/${sessionId}`, { interpreterId });
    const session2 = p.case1.sessions[1]!.id;
    const warned = await assign(session2, forClient.id);
    expect(warned.statusCode).toBe(200);
    expect(warned.json()).toMatchObject({
      interpreterId: forClient.id,
      warnings: [
        {
          code: 'interpreter-interviewed',
          interpreterName: 'Client Interview Interpreter',
          respondent: 'client',
        },
      ],
    });
    // Saved all the same: the therapy comes first.
    expect((await therapist.call('GET', `/api/sessions/${session2}`)).json().interpreterId).toBe(
      forClient.id,
    );
    expect((await assign(session2, forTherapist.id)).json().warnings).toEqual([
      {
        code: 'interpreter-interviewed',
        interpreterName: 'Therapist Interview Interpreter',
        respondent: 'therapist',
      },
    ]);
    expect((await assign(session2, unused.id)).json().warnings).toEqual([]);
    expect((await assign(session2, null)).json().warnings).toEqual([]);
    // A change that leaves the interpreter alone says nothing again.
    await assign(session2, forClient.id);
    const other = await therapist.call('PATCH', `/api/sessions/${session2}`, { modality: 'phone' });
    expect(other.json().warnings).toEqual([]);

    // A new session with that interpreter warns too.
    const created = await therapist.call('POST', `/api/cases/${p.case1.careCase.id}/sessions`, {
      startsAt: '2026-11-30T10:00:00Z',
      endsAt: '2026-11-30T10:50:00Z',
      modality: 'in-person',
      language: 'es',
      interpreterId: forClient.id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().warnings).toEqual([expect.objectContaining({ respondent: 'client' })]);

    // Another case, whose people this interpreter never interviewed: no warning.
    const t2 = await t.signedIn(p.staff.therapist2.email);
    const elsewhere = await t2.call('PATCH', `/api/sessions/${p.case2.sessions[1]!.id}`, {
      interpreterId: forClient.id,
    });
    expect(elsewhere.json().warnings).toEqual([]);

    // A declined interview was never held: no warning once the booking is declined.
    const clientTask = tasks.find((x) => x.respondent === 'client')!;
    expect(
      (
        await researcher.call('POST', `${base}/tasks/${clientTask.id}/outcome`, {
          outcome: 'declined',
        })
      ).statusCode,
    ).toBe(200);
    expect((await assign(session2, forClient.id)).json().warnings).toEqual([]);
  });
});
