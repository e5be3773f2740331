import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDeadline } from '../../src/core/research/interview-deadline.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestInterviewTask } from '../helpers/interview.fixture.ts';
import { forceOption, localInputValue, openBookingForm } from '../helpers/interview-pages.ts';
import { createRolePractice } from '../helpers/role-practice.ts';
import { createTestParticipant, createTestStudy } from '../helpers/study.fixture.ts';

const HOUR = 3_600_000;
const POLL = { timeout: 10_000 };

/**
 * Issue 17's interview pages on a seeded server (not yet the demo): session 3 of a study
 * case ended two hours ago in Stockholm and has its two tasks; a researcher of the team sees
 * them with the local deadline, is offered only the eligible interpreter, is refused the
 * one who interpreted the client's therapy (a stale list, forced into the form), books the
 * eligible one, records the outcome, and registers and briefs an interpreter; a therapist
 * is turned away. axe-clean at 360 px.
 */
describe.skipIf(!browserAvailable())('the IPR interview pages in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('lists the tasks with their local deadline, books an eligible interpreter, refuses the therapy interpreter, records the outcome', async () => {
    const { db } = server;
    const p = await createRolePractice(db);
    const org = p.practice.organization.id;
    await db
      .updateTable('clinic')
      .set({ time_zone: 'Europe/Stockholm' })
      .where('id', '=', p.practice.clinic.id)
      .execute();
    const end = new Date(Math.floor((Date.now() - 2 * HOUR) / 60_000) * 60_000);
    const session3 = p.case1.sessions[2]!;
    await db
      .updateTable('therapy_session')
      .set({
        starts_at: new Date(end.getTime() - 50 * 60_000).toISOString(),
        ends_at: end.toISOString(),
        attendance: 'attended',
      })
      .where('id', '=', session3.id)
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
    const dueAt = new Date(end.getTime() + 48 * HOUR).toISOString();
    for (const participant of [client, therapist])
      await createTestInterviewTask(db, {
        organizationId: org,
        studyId: study.id,
        participantId: participant.id,
        sessionId: session3.id,
        dueAt,
      });
    // The role practice's interpreter interpreted case 1's first session; briefed, they are
    // still not eligible for this client.
    await db
      .updateTable('interpreter')
      .set({ briefed_on: '2026-11-01', briefed_by: p.staff.researcher.id })
      .where('id', '=', p.interpreter.id)
      .execute();

    const { page, errors } = await server.openAs(p.staff.researcher.email, {
      path: `/research/${study.id}/interviews`,
      viewport: { width: 360, height: 800 },
    });
    await page.getByTestId('interview-task').first().waitFor();
    expect(await page.getByTestId('interview-task').count()).toBe(2);
    // The deadline as the clinic reads it, with CET or CEST (core/research/interview-deadline.ts).
    const dueText = await page.getByTestId('task-due').first().textContent();
    expect(dueText).toBe(localDeadline(dueAt, 'Europe/Stockholm').text);
    expect(dueText).toMatch(/ CES?T$/);
    const clientRow = page
      .getByTestId('interview-task')
      .filter({ has: page.getByRole('cell', { name: 'Client', exact: true }) });
    expect(
      await clientRow.getByRole('link', { name: client.pseudonym }).getAttribute('href'),
    ).toMatch(new RegExp(`^/research/${study.id}/interviews/[0-9a-f-]{36}$`));
    expect(await axeViolations(page)).toEqual([]);

    // Register an eligible interpreter on the registry page, with a briefing.
    await page.goto(`${server.base}/research/interpreters`);
    const form = page.getByTestId('interpreter-form');
    await form.getByLabel('Name', { exact: true }).fill('Elena Vidal');
    // Ticked from the list, in the list's order (by name): English, Spanish.
    const languages = form.getByRole('group', { name: 'Languages' });
    await languages.getByLabel('Spanish', { exact: true }).check();
    await languages.getByLabel('English', { exact: true }).check();
    await form.getByLabel(/^Clinical or psychosocial experience/).fill('Psychosocial support');
    await form.getByLabel(/^Confidentiality briefing given on/).fill('2026-11-20');
    await form.getByRole('button', { name: 'Register the interpreter' }).click();
    const elena = page.getByTestId('interpreter').filter({ hasText: 'Elena Vidal' });
    await elena.waitFor();
    expect(await elena.getByTestId('briefing').textContent()).toContain('November 20, 2026, by ');
    expect(await axeViolations(page)).toEqual([]);

    // Book the client's interview: only Elena is offered.
    await page.goto(`${server.base}/research/${study.id}/interviews`);
    const { booking, interpreter } = await openBookingForm(page, clientRow, [
      'No interpreter',
      'Elena Vidal (en, es)',
    ]);
    const start = new Date(end.getTime() + 30 * 60_000);
    await booking.getByLabel('Starts').fill(localInputValue(start, 'Europe/Stockholm'));
    await booking.getByLabel('Language of the interview').selectOption('es');
    // A list gone stale: the therapy interpreter forced into the form is refused by the server.
    await forceOption(interpreter, p.interpreter.id);
    await booking.getByRole('button', { name: 'Book the interview' }).click();
    await expect
      .poll(() => booking.getByRole('alert').textContent(), POLL)
      .toMatch(
        /^Test Interpreter interpreted this client's therapy on \d+ \w+; choose another interpreter\.$/,
      );
    expect(
      await db
        .selectFrom('interview_booking')
        .selectAll()
        .where('organization_id', '=', org)
        .execute(),
    ).toEqual([]);
    await interpreter.selectOption({ label: 'Elena Vidal (en, es)' });
    await booking.getByRole('button', { name: 'Book the interview' }).click();
    await expect.poll(() => clientRow.getByTestId('task-state').textContent(), POLL).toBe('Booked');

    // Record how it went.
    await clientRow.getByRole('button', { name: /^Record the outcome/ }).click();
    const outcome = page.getByTestId('outcome-form');
    await outcome.getByLabel('Partial').check();
    await outcome.getByLabel('What was covered').fill('The first question');
    await outcome.getByLabel('Why it stopped').fill('Tired');
    expect(await axeViolations(page)).toEqual([]);
    await outcome.getByRole('button', { name: 'Record the outcome' }).click();
    await expect
      .poll(() => clientRow.getByTestId('task-state').textContent(), POLL)
      .toBe('Partial');
    expect(errors).toEqual([]);

    // A therapist, off the study's team, is told there is no such study.
    const other = await server.openAs(p.staff.therapist1.email, {
      path: `/research/${study.id}/interviews`,
    });
    await expect
      .poll(() => other.page.getByRole('alert').first().textContent(), POLL)
      .toBe('There is no such study of yours.');
  }, 180_000);
});
