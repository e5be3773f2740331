import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDeadline } from '../../src/core/research/interview-deadline.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { DEMO_STUDY_TITLE } from '../../src/server/demo/demo-study-seed.repository.ts';
import { interviewJobHandlers } from '../../src/server/research/interviews/interview-job-handlers.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { axeViolations } from '../helpers/browser-session.ts';
import { startDemoBrowserServer } from '../helpers/demo-browser-server.ts';
import {
  forceOption,
  localInputValue,
  openBookingForm,
  reviewInterview,
  uploadAndPlayRecording,
  writeReflection,
} from '../helpers/interview-pages.ts';
import { runJobsUntilIdle } from '../helpers/run-jobs.ts';

const HOUR = 3_600_000;
const POLL = { timeout: 10_000 };
const PHONE = { width: 360, height: 800 };
const RESEARCHER = 'researcher@harmonybridge.example';

/**
 * Issue 17's "Done when" in Chromium on the demo: the founding study's newest case has had
 * session 3 (yesterday) and its therapist marks it attended; the study's researcher then sees
 * the client's and the therapist's interview tasks with the deadline 48 hours after the
 * session in the clinic's zone; booking the interpreter who interpreted that client's therapy
 * is refused with the server's sentence; the eligible interpreter is booked; the interview is
 * recorded completed, a generated WAV is uploaded and played back, the reflection note is
 * written, and the study's senior researcher reviews it from the queue. The therapist, off the
 * study's team, gets 404 from every interview route and "no such study" on every page.
 */
describe.skipIf(!browserAvailable())('IPR interviews on the demo in Chromium', () => {
  let started: Awaited<ReturnType<typeof startDemoBrowserServer>>;
  const recordingsDir = mkdtempSync(join(tmpdir(), 'rapport-demo-recordings-'));
  beforeAll(async () => {
    // The 60-client demo of `npm run demo`: its newest intake is a study case (the smallest
    // demos have none, generate-demo-practice.ts).
    started = await startDemoBrowserServer(60, {
      recordings: { dir: recordingsDir, maxBytes: 1024 * 1024 },
    });
  }, 180_000);
  afterAll(async () => {
    await started?.server.close();
    rmSync(recordingsDir, { recursive: true, force: true });
  });

  it('session 3 attended → two tasks; the therapy interpreter refused, another booked; completed, recorded, played, reflected, reviewed; a therapist gets 404', async () => {
    const { server } = started;
    const { db } = server;
    const study = await db
      .selectFrom('study')
      .select('id')
      .where('title', '=', DEMO_STUDY_TITLE)
      .executeTakeFirstOrThrow();
    // The study's newest case: its session 3 took place yesterday and is not marked yet.
    const newest = await db
      .selectFrom('study_participant as p')
      .innerJoin('therapy_session as s', 's.case_id', 'p.case_id')
      .innerJoin('care_case as c', 'c.id', 'p.case_id')
      .innerJoin('clinic', 'clinic.id', 'c.clinic_id')
      .innerJoin('case_therapist as t', 't.case_id', 'p.case_id')
      .innerJoin('staff_user as u', 'u.id', 't.staff_user_id')
      .select([
        'p.pseudonym',
        's.id as sessionId',
        's.ends_at as endsAt',
        'clinic.time_zone as timeZone',
        'u.email as therapistEmail',
      ])
      .where('p.study_id', '=', study.id)
      .where('p.role', '=', 'client')
      .where('s.number', '=', 3)
      .where('s.attendance', '=', 'scheduled')
      .executeTakeFirstOrThrow();
    const tasksOfSession = () =>
      db
        .selectFrom('interview_task')
        .select(['id', 'due_at'])
        .where('session_id', '=', newest.sessionId)
        .execute();
    expect(await tasksOfSession()).toEqual([]);
    expect(Date.parse(newest.endsAt)).toBeLessThan(Date.now());

    // The therapist marks session 3 attended, as after any session.
    const therapist = await server.openAs(newest.therapistEmail, {
      path: `/sessions/${newest.sessionId}`,
      password: DEMO_PASSWORD,
      viewport: PHONE,
    });
    await therapist.page.getByRole('radio', { name: 'Attended' }).check();
    await therapist.page.getByRole('button', { name: 'Save attendance' }).click();
    await expect
      .poll(() => therapist.page.getByTestId('attendance').textContent(), POLL)
      .toBe('Attended');
    // The interview tasks follow from a job, as the app's worker runs it.
    const clock = () => new Date();
    await runJobsUntilIdle({
      db,
      dialect: 'sqlite',
      clock,
      handlers: interviewJobHandlers({ db, clock }),
    });
    const made = await tasksOfSession();
    expect(made).toHaveLength(2);
    const dueAt = new Date(Date.parse(newest.endsAt) + 48 * HOUR).toISOString();
    for (const task of made) expect(new Date(task.due_at).toISOString()).toBe(dueAt);

    const { page, errors } = await server.openAs(RESEARCHER, {
      path: `/research/${study.id}/interviews`,
      password: DEMO_PASSWORD,
      viewport: PHONE,
      timeout: 20_000,
    });
    const rowOf = (taskId: string) =>
      page.locator(`[data-testid="interview-task"][data-task-id="${taskId}"]`);
    await rowOf(made[0]!.id).waitFor(POLL);
    const deadline = localDeadline(dueAt, newest.timeZone).text;
    for (const task of made) {
      expect(await rowOf(task.id).getByTestId('task-due').textContent()).toBe(deadline);
      expect(await rowOf(task.id).getByTestId('task-state').textContent()).toBe('Not booked');
    }
    // One for the client, one for the therapist: each their own slot.
    const byRespondent = await Promise.all(
      ['Client', 'Therapist'].map(async (respondent) => {
        const rows = await Promise.all(
          made.map((t) => rowOf(t.id).getByRole('cell', { name: respondent, exact: true }).count()),
        );
        expect(
          rows.filter((n) => n === 1),
          respondent,
        ).toHaveLength(1);
        return made[rows.indexOf(1)]!.id;
      }),
    );
    const clientTask = byRespondent[0]!;
    expect(byRespondent[1]).not.toBe(clientTask);
    const clientRow = rowOf(clientTask);
    expect(await clientRow.textContent()).toContain(newest.pseudonym);
    expect(await axeViolations(page)).toEqual([]);

    // Book the client's interview. The interpreter of their therapy is not offered; forced
    // into the form (a stale list), the server refuses them and says why.
    const therapyInterpreter = await db
      .selectFrom('therapy_session as s')
      .innerJoin('interpreter as i', 'i.id', 's.interpreter_id')
      .select(['i.id', 'i.display_name'])
      .where('s.id', '=', newest.sessionId)
      .executeTakeFirstOrThrow();
    const { booking, interpreter } = await openBookingForm(page, clientRow, [
      'No interpreter',
      'Elena Vidal (es, en)',
    ]);
    // Held half an hour ago, or from the minute after the session if that ended later (it must
    // begin after the session and before it can be recorded completed).
    const start = new Date(
      Math.max(
        Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000,
        Math.ceil(Date.parse(newest.endsAt) / 60_000) * 60_000 + 60_000,
      ),
    );
    expect(start.getTime()).toBeLessThan(Date.now());
    await booking.getByLabel('Starts').fill(localInputValue(start, newest.timeZone));
    await booking.getByLabel('Language of the interview').selectOption('es');
    await forceOption(interpreter, therapyInterpreter.id);
    await booking.getByRole('button', { name: 'Book the interview' }).click();
    await expect
      .poll(() => booking.getByRole('alert').textContent(), POLL)
      .toMatch(
        new RegExp(
          `^${therapyInterpreter.display_name} interpreted this client's therapy on \\d+ \\w+; choose another interpreter\\.$`,
        ),
      );
    const bookingOf = () =>
      db.selectFrom('interview_booking').selectAll().where('task_id', '=', clientTask).execute();
    expect(await bookingOf()).toEqual([]);
    await interpreter.selectOption({ label: 'Elena Vidal (es, en)' });
    await booking.getByRole('button', { name: 'Book the interview' }).click();
    await expect.poll(() => clientRow.getByTestId('task-state').textContent(), POLL).toBe('Booked');
    expect(await bookingOf()).toEqual([
      expect.objectContaining({ interpreter_id: expect.not.stringMatching(therapyInterpreter.id) }),
    ]);

    // Completed.
    await clientRow.getByRole('button', { name: /^Record the outcome/ }).click();
    const outcome = page.getByTestId('outcome-form');
    await outcome.getByLabel('Completed').check();
    await outcome.getByRole('button', { name: 'Record the outcome' }).click();
    await expect
      .poll(() => clientRow.getByTestId('task-state').textContent(), POLL)
      .toBe('Completed');

    // Its own page: the recording uploaded and played back, the reflection note written.
    await clientRow.getByRole('link', { name: newest.pseudonym }).click();
    await page.getByRole('heading', { name: 'Recordings' }).waitFor(POLL);
    expect(await uploadAndPlayRecording(page, 2)).toBe(2);
    await writeReflection(page, 'She warmed up once we spoke Spanish; I expected more silence.');
    expect(await axeViolations(page)).toEqual([]);
    const interviewPath = new URL(page.url()).pathname;

    // The study's senior researcher reviews it from the queue.
    await page.goto(`${server.base}/research/${study.id}/interviews/review`);
    const item = page
      .getByTestId('review-queue-item')
      .filter({ hasText: `${newest.pseudonym}, session 3: Client` });
    await item.waitFor(POLL);
    expect(await item.textContent()).toContain('Not yet reviewed.');
    await item.getByRole('link').click();
    // The demo's one researcher is both the interviewer and the study's senior.
    expect(await page.getByLabel(/Your immediate thoughts/).inputValue()).toBe(
      'She warmed up once we spoke Spanish; I expected more silence.',
    );
    await reviewInterview(page, 'Good pacing; keep the probes shorter.');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    // The therapist is not on the study's team: every interview route is 404 to them…
    const recording = await db
      .selectFrom('interview_recording')
      .select('id')
      .where('task_id', '=', clientTask)
      .executeTakeFirstOrThrow();
    const api = `/api/research/studies/${study.id}/interviews`;
    for (const path of [
      `${api}/schedule`,
      `${api}/protocol-versions`,
      `${api}/tasks`,
      `${api}/review-queue`,
      `${api}/tasks/${clientTask}`,
      `${api}/tasks/${clientTask}/interpreters`,
      `${api}/tasks/${clientTask}/recordings/${recording.id}/audio`,
    ]) {
      const response = await therapist.page.request.get(`${server.base}${path}`);
      expect(response.status(), path).toBe(404);
      expect(await response.text(), path).not.toContain('Spanish');
    }
    // …and every interview page says there is no such study or interview of theirs.
    for (const [path, message] of [
      [`/research/${study.id}/interviews`, 'There is no such study of yours.'],
      [`/research/${study.id}/interviews/review`, 'There is no such study of yours.'],
      [interviewPath, 'There is no such interview in a study of yours.'],
    ] as const) {
      await therapist.page.goto(`${server.base}${path}`);
      await expect
        .poll(() => therapist.page.getByRole('alert').first().textContent(), POLL)
        .toBe(message);
      expect(await therapist.page.getByTestId('recording').count()).toBe(0);
    }
    expect(await axeViolations(therapist.page)).toEqual([]);
    expect(therapist.errors).toEqual([]);
    await page.context().close();
    await therapist.context.close();
  }, 240_000);
});
