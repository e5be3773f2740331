import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_INSTANCE_SECRET } from '../../../../test/helpers/auth-client.ts';
import { createTestCase } from '../../../../test/helpers/factories.ts';
import { createRolePractice } from '../../../../test/helpers/role-practice.ts';
import { createTestParticipant, createTestStudy } from '../../../../test/helpers/study.fixture.ts';
import { openTestDatabase, postgresUrl } from '../../../../test/helpers/test-databases.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { startJobWorker } from '../../jobs/job-worker.ts';
import { recordAttendance } from '../../measurement/record-attendance.service.ts';
import { interviewJobHandlers } from './interview-job-handlers.ts';
import { closeInterviewWindow } from './interview-tasks.service.ts';
import { saveSchedule } from './interview.repository.ts';

// Two app instances, each with its own pool, on one PostgreSQL database. The sessions are
// moved to January 2020 so that these workers (whose clocks are then) claim only this
// file's jobs from the run's shared job table, never another test file's.
const ENDS = '2020-01-06T10:50:00.000Z';
const DUE = '2020-01-08T10:50:00.000Z';

describe.skipIf(!postgresUrl())('IPR interview jobs on two instances (PostgreSQL)', () => {
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeAll(async () => {
    a = await openTestDatabase('postgres', { poolSize: 4 });
    b = await openTestDatabase('postgres', { poolSize: 4 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('re-marking attended on both instances creates each task once, and each overdue task is marked missed once', async () => {
    let now = Date.parse('2020-01-06T12:00:00Z');
    const clock = () => new Date(now);
    const p = await createRolePractice(a.db);
    const org = p.practice.organization.id;
    const study = await createTestStudy(a.db, p.practice, p.staff.researcher.id);
    await saveSchedule(a.db, org, {
      studyId: study.id,
      sessionNumbers: [3],
      respondents: ['client', 'therapist'],
      windowHours: 48,
      updatedBy: p.staff.researcher.id,
      updatedAt: '2020-01-01T00:00:00.000Z',
    });
    await createTestParticipant(a.db, p.practice, study, {
      role: 'therapist',
      staffUserId: p.staff.therapist1.id,
    });
    // Five enrolled cases of therapist 1: ten tasks (client and therapist of each).
    const cases = [p.case1];
    for (let i = 0; i < 4; i++)
      cases.push(await createTestCase(a.db, p.practice, p.staff.therapist1.id));
    const sessionIds: string[] = [];
    for (const c of cases) {
      await createTestParticipant(a.db, p.practice, study, {
        role: 'client',
        caseId: c.careCase.id,
        clientId: c.clients[0]!.id,
      });
      const session = c.sessions[2]!;
      await a.db
        .updateTable('therapy_session')
        .set({ starts_at: '2020-01-06T10:00:00.000Z', ends_at: ENDS })
        .where('id', '=', session.id)
        .execute();
      sessionIds.push(session.id);
    }

    // Each session marked attended twice on each instance, at the same time.
    const mark = (handle: DatabaseHandle, sessionId: string) =>
      recordAttendance(
        handle.db,
        clock,
        TEST_INSTANCE_SECRET,
        { organizationId: org, sessionId, attendance: 'attended' },
        { type: 'system', id: null },
      );
    await Promise.all(
      sessionIds.flatMap((id) => [mark(a, id), mark(b, id), mark(a, id), mark(b, id)]),
    );

    const worker = (handle: DatabaseHandle) =>
      startJobWorker(
        {
          db: handle.db,
          dialect: 'postgres',
          clock,
          logger: { info: () => {}, error: () => {} },
          pollMs: 60_000,
          batchSize: 1,
          handlers: interviewJobHandlers({ db: handle.db, clock }),
        },
        false,
      );
    const drain = async (w: ReturnType<typeof worker>) => {
      while ((await w.runOnce()) > 0) {
        /* until no job of ours is due */
      }
    };
    await Promise.all([drain(worker(a)), drain(worker(b))]);

    const tasks = await a.db
      .selectFrom('interview_task')
      .select(['id', 'due_at', 'session_id'])
      .where('study_id', '=', study.id)
      .execute();
    expect(tasks).toHaveLength(10);
    expect(new Set(tasks.map((t) => t.due_at))).toEqual(new Set([DUE]));
    const taskIds = tasks.map((t) => t.id);
    const events = () =>
      a.db
        .selectFrom('interview_task_event')
        .select(['task_id', 'status'])
        .where('task_id', 'in', taskIds)
        .execute();
    expect((await events()).filter((e) => e.status === 'open')).toHaveLength(10);

    // The window closes: both instances' workers run the missed jobs, and both instances
    // also run the check by hand for every task at once.
    now = Date.parse(DUE) + 60_000;
    await Promise.all([
      drain(worker(a)),
      drain(worker(b)),
      ...taskIds.flatMap((id) => [
        closeInterviewWindow({ db: a.db, clock }, org, id),
        closeInterviewWindow({ db: b.db, clock }, org, id),
      ]),
    ]);
    const after = await a.db
      .selectFrom('interview_task')
      .select('status')
      .where('study_id', '=', study.id)
      .execute();
    expect(after.map((t) => t.status)).toEqual(Array(10).fill('missed'));
    const missed = (await events()).filter((e) => e.status === 'missed');
    expect(missed).toHaveLength(10);
    expect(new Set(missed.map((e) => e.task_id)).size).toBe(10);
    const audits = await a.db
      .selectFrom('audit_event')
      .select('entity_id')
      .where('organization_id', '=', org)
      .where('action', '=', 'interview-task.missed')
      .execute();
    expect(audits.map((x) => x.entity_id).sort()).toEqual([...taskIds].sort());
  });
});
