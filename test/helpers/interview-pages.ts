import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { synthWav } from './wav.ts';

// Steps on the staff app's interview pages (src/web/research/interviews/) shared by the
// interview browser tests: the booking form's local start, a stale interpreter list, an
// upload with its progress bar, playback, the reflection note and a senior's review.

const POLL = { timeout: 10_000 };

/** `instant` as a datetime-local field in `timeZone` reads it: 2026-12-04T15:30. */
export const localInputValue = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(instant)
    .replace(' ', 'T');

/** A list gone stale: an option the server did not offer, forced into a select and chosen. */
export async function forceOption(select: Locator, value: string) {
  await select.evaluate((element, id) => {
    const option = document.createElement('option');
    option.value = id;
    option.textContent = 'stale';
    element.appendChild(option);
  }, value);
  await select.selectOption(value);
}

/**
 * On an interview's own page: uploads a generated WAV of `seconds`, checks the progress bar
 * showed and the recording is listed, then plays it (muted) until time passes. Returns the
 * duration the browser read from the decrypted audio.
 */
export async function uploadAndPlayRecording(page: Page, seconds: number): Promise<number> {
  // Watch for the progress bar while the upload goes up (too quick to poll for).
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('progress')) w.sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByLabel('Audio file of the interview').setInputFiles({
    name: 'interview.wav',
    mimeType: 'audio/wav',
    buffer: synthWav(seconds),
  });
  await page.getByRole('button', { name: 'Upload the recording' }).click();
  await page.getByTestId('recording').first().waitFor(POLL);
  expect(
    await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress),
  ).toBe(true);
  expect(await page.getByRole('status').first().textContent()).toBe('The recording is uploaded.');
  const audio = page.getByTestId('recording').locator('audio');
  await page.waitForFunction(
    () => (document.querySelector('audio')?.duration ?? 0) > 0,
    undefined,
    POLL,
  );
  await audio.evaluate(async (a: HTMLAudioElement) => {
    a.muted = true;
    await a.play();
  });
  await page.waitForFunction(() => (document.querySelector('audio')?.currentTime ?? 0) > 0);
  return audio.evaluate((a: HTMLAudioElement) => Math.round(a.duration));
}

/** On an interview's own page, as its interviewer: saves the reflection note. */
export async function writeReflection(page: Page, text: string) {
  await page.getByLabel(/Your immediate thoughts/).fill(text);
  await page.getByRole('button', { name: 'Save the note' }).click();
  await page.getByText('The reflection note is saved.').waitFor(POLL);
}

/** On an interview's page opened from the review queue, as a senior: reviewed and debriefed. */
export async function reviewInterview(page: Page, feedback: string) {
  await page.getByTestId('review-form').waitFor(POLL);
  await page.getByLabel('Feedback for the interviewer').fill(feedback);
  await page.getByLabel('Reviewed', { exact: true }).check();
  await page.getByLabel('Interviewer debriefed').check();
  await page.getByRole('button', { name: 'Save the review' }).click();
  await page.getByText('The review is saved.').waitFor(POLL);
  expect(await page.getByTestId('review-state').textContent()).toMatch(
    /^Reviewed .+ Debriefed .+\.$/,
  );
}

/**
 * On a study's interviews page: opens the booking form of a task's row, waits until the
 * interpreter list is exactly `offered`, and picks the first interviewer of the team.
 */
export async function openBookingForm(page: Page, row: Locator, offered: string[]) {
  await row.getByRole('button', { name: /^Book/ }).click();
  const booking = page.getByTestId('booking-form');
  await booking.waitFor();
  const interpreter = booking.getByLabel('Interpreter');
  await expect.poll(() => interpreter.locator('option').allTextContents(), POLL).toEqual(offered);
  await booking.getByLabel('Interviewer').selectOption({ index: 1 });
  return { booking, interpreter };
}
