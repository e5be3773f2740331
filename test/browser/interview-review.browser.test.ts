import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createHeldInterview } from '../helpers/interview.fixture.ts';
import { createRolePractice } from '../helpers/role-practice.ts';
import {
  addJuniorResearcher,
  createTestParticipant,
  createTestStudy,
} from '../helpers/study.fixture.ts';
import {
  reviewInterview,
  uploadAndPlayRecording,
  writeReflection,
} from '../helpers/interview-pages.ts';

const POLL = { timeout: 10_000 };

/**
 * Issue 17, items 6 and 7, in Chromium: a junior researcher of the team held an interview;
 * on its own page they upload a generated WAV (the progress bar shown), see it listed and
 * play it back, and write their reflection note; the study's senior researcher opens it from
 * the review queue and marks it reviewed and debriefed. Both pages axe-clean at 360 px.
 */
describe.skipIf(!browserAvailable())('the interview page in Chromium', () => {
  let server: BrowserServer;
  const recordingsDir = mkdtempSync(join(tmpdir(), 'rapport-recordings-'));
  beforeAll(async () => {
    server = await startBrowserServer({
      mode: 'password-only',
      recordings: { dir: recordingsDir, maxBytes: 1024 * 1024 },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(recordingsDir, { recursive: true, force: true });
  });

  it('the interviewer uploads, plays and reflects; the senior reviews from the queue', async () => {
    const { db } = server;
    const p = await createRolePractice(db);
    const study = await createTestStudy(db, p.practice, p.staff.researcher.id);
    const junior = await addJuniorResearcher(db, p.practice, study);
    const client = await createTestParticipant(db, p.practice, study, {
      role: 'client',
      caseId: p.case1.careCase.id,
      clientId: p.case1.clients[0]!.id,
    });
    const taskId = await createHeldInterview(db, {
      organizationId: study.organizationId,
      studyId: study.id,
      participantId: client.id,
      sessionId: p.case1.sessions[2]!.id,
      interviewerId: junior.id,
      dueAt: new Date(Date.now() - 24 * 3_600_000).toISOString(),
      startsAt: new Date(Date.now() - 48 * 3_600_000).toISOString(),
    });
    const path = `/research/${study.id}/interviews/${taskId}`;
    const viewport = { width: 360, height: 800 };

    const { page, errors } = await server.openAs(junior.email, { path, viewport });
    await page.getByRole('heading', { name: 'Recordings' }).waitFor();
    expect(await page.getByText('No recording yet.').count()).toBe(1);
    // No review form for the interviewer.
    expect(await page.getByTestId('review-form').count()).toBe(0);

    // Something that is not audio is refused with the server's own message.
    await page.getByLabel('Audio file of the interview').setInputFiles({
      name: 'notes.wav',
      mimeType: 'audio/wav',
      buffer: Buffer.from('plain text, not audio at all, padded to be long enough'),
    });
    await page.getByRole('button', { name: 'Upload the recording' }).click();
    const refusal = page.getByTestId('recording-upload').getByRole('alert');
    await refusal.waitFor(POLL);
    expect(await refusal.textContent()).toMatch(/audio/i);
    expect(await page.getByTestId('recording').count()).toBe(0);

    // A real 2-second WAV goes up with a progress bar, is listed and plays back.
    expect(await uploadAndPlayRecording(page, 2)).toBe(2);

    await writeReflection(page, 'I expected <b>more</b> silence.');
    await page.getByLabel(/Your immediate thoughts/).fill('I expected more silence; I was tired.');
    await page.getByRole('button', { name: 'Save the note' }).click();
    await page.getByText('1 earlier version').waitFor(POLL);
    expect(await page.locator('b').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    const senior = await server.openAs(p.staff.researcher.email, {
      path: `/research/${study.id}/interviews`,
      viewport,
    });
    await senior.page.getByRole('link', { name: 'Review queue' }).click();
    const item = senior.page.getByTestId('review-queue-item');
    await item.first().waitFor(POLL);
    expect(await item.count()).toBe(1);
    expect(await item.textContent()).toContain('Not yet reviewed.');
    expect(await axeViolations(senior.page)).toEqual([]);
    await item.getByRole('link').click();
    await senior.page.getByTestId('review-form').waitFor(POLL);
    expect(await senior.page.getByTestId('reflection-body').textContent()).toBe(
      'I expected more silence; I was tired.',
    );
    // Debriefed without reviewed is refused with the server's reason.
    await senior.page.getByLabel('Interviewer debriefed').check();
    await senior.page.getByRole('button', { name: 'Save the review' }).click();
    await senior.page.getByTestId('review-form').getByRole('alert').waitFor(POLL);
    await reviewInterview(senior.page, 'Good pacing.');
    expect(await axeViolations(senior.page)).toEqual([]);

    await senior.page.goto(`${server.base}/research/${study.id}/interviews/review`);
    await item.first().waitFor(POLL);
    expect(await item.textContent()).toContain('Reviewed and debriefed.');
    expect(senior.errors).toEqual([]);
    await page.context().close();
    await senior.context.close();
  });
});
