import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillTherapistBlank } from '../../src/core/instruments/fill-therapist-blank.ts';
import { findBundledInstrument } from '../../src/core/instruments/bundled-instruments.ts';
import { scoreResponse } from '../../src/core/scoring/score-response.ts';
import { saveDataNotice } from '../../src/server/measurement/data-notice.repository.ts';
import { signedIn } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { caseWithOpenRequest } from '../helpers/questionnaire-fixture.ts';

/** Nothing wider than the screen: no sideways scrolling on a small phone. */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

// Seldom … Always = 1 … 5, item by item: a plausible, uneven client.
const WAI_ANSWERS = [4, 5, 3, 4, 4, 5, 3, 4, 5, 4, 4, 3];

describe.skipIf(!browserAvailable())('a client answers on a phone, in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('opens the link, keeps answers through a lost connection and a reload, and stores them once', async () => {
    const { db, base, app } = server;
    const fixture = await caseWithOpenRequest(db, () => new Date());
    const orgId = fixture.practice.organization.id;
    await saveDataNotice(db, orgId, {
      clinicId: fixture.practice.clinic.id,
      text: 'Your answers are read by your therapist and kept by the clinic.',
      updatedAt: new Date(Date.now() - 60_000).toISOString(),
      updatedBy: null,
    });
    const { context, page, errors } = await server.openPage({
      viewport: { width: 360, height: 640 },
    });

    await page.goto(`${base}/q/${fixture.token}`);
    await page.waitForURL(`${base}/questionnaire`);
    expect(page.url()).not.toContain(fixture.token);
    // The page never loads the staff app.
    const scripts = await page.evaluate(() =>
      [...document.querySelectorAll('script[src]')].map((s) => s.getAttribute('src')),
    );
    expect(scripts.every((src) => src?.includes('questionnaire'))).toBe(true);

    await expect.poll(() => heading(page)).toBe('Before you start');
    await expect
      .poll(() => page.getByText('Your answers are read by your therapist').isVisible())
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect.poll(() => heading(page)).toBe('Questionnaire 1 of 2');
    await expect.poll(() => page.getByText('Hello Client1.').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await overflows(page)).toBe(false);
    await page.setViewportSize({ width: 360, height: 640 });

    // Sending with an item left open points at it and sends nothing.
    const wai = findBundledInstrument('wai-sr')!;
    const labels = wai.responseSets[0]!.options.map((o) => o.label.en!);
    // The page names the therapist where the printed form has its blank.
    const shown = (text: string) => fillTherapistBlank(text, fixture.therapist.displayName, 'en');
    await expect.poll(() => page.getByText(shown(wai.items[4]!.text.en!)).isVisible()).toBe(true);
    expect(await page.getByText('_____').count()).toBe(0);
    for (const [index, item] of wai.items.entries()) {
      if (index === 11) continue;
      await page
        .getByRole('group', { name: shown(item.text.en!) })
        .getByLabel(labels[WAI_ANSWERS[index]! - 1]!, { exact: true })
        .check();
    }
    await page.getByRole('button', { name: 'Send and continue' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('required');
    await page
      .getByRole('group', { name: shown(wai.items[11]!.text.en!) })
      .getByLabel(labels[WAI_ANSWERS[11]! - 1]!, { exact: true })
      .check();

    // The connection drops just as the client sends: the answers stay on the phone.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Send and continue' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe('Your answers are saved on this phone. They will be sent when you are back online.');
    await page.getByRole('button', { name: 'Try again now' }).click();
    expect(await axeViolations(page)).toEqual([]);
    const stored = await page.evaluate(() => Object.entries(localStorage));
    expect(stored).toHaveLength(1);
    expect(Object.values(JSON.parse(stored[0]![1]) as object)).toEqual([
      expect.objectContaining({ queued: true, submissionId: expect.any(String) }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(fixture.token);

    // Back online (the page's `online` handler may send), and a reload at once (which sends
    // what is queued, with the same submission id): one response either way.
    await context.setOffline(false);
    await page.reload();
    await expect.poll(() => heading(page)).toBe('Questionnaire 2 of 2');
    const responses = await db
      .selectFrom('questionnaire_response')
      .selectAll()
      .where('request_id', '=', fixture.request.id)
      .execute();
    expect(responses.map((r) => r.instrument_id)).toEqual(['wai-sr']);
    const answers = Object.fromEntries(WAI_ANSWERS.map((v, i) => [String(i + 1), v]));
    expect(JSON.parse(responses[0]!.answers)).toEqual(answers);
    const expected = scoreResponse(wai, answers);
    const scores = await db
      .selectFrom('score')
      .select(['scale_id', 'value'])
      .where('response_id', '=', responses[0]!.id)
      .execute();
    expect(Object.fromEntries(scores.map((s) => [s.scale_id, Number(s.value)]))).toEqual(
      Object.fromEntries(expected.scales.map((s) => [s.scale, s.score])),
    );
    expect(await axeViolations(page)).toEqual([]);

    // Session feedback: the follow-up question appears only when there was tension.
    const tension = page.getByRole('group', {
      name: 'Was there tension, misunderstanding or disagreement with your therapist today?',
    });
    await tension.getByLabel('Somewhat', { exact: true }).check();
    await page
      .getByRole('group', { name: 'How far was it resolved?' })
      .getByLabel('Mostly', { exact: true })
      .check();
    await page.getByLabel(/What, if anything, was helpful/).fill('Talking about the weekend.');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await overflows(page)).toBe(false);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => heading(page)).toBe('Thank you');
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // The therapist sees the client's alliance through the staff API.
    const therapist = await signedIn(app, fixture.therapist.email);
    const caseView = await therapist.call('GET', `/api/cases/${fixture.careCase.id}`);
    expect(caseView.statusCode).toBe(200);
    const total = (
      caseView.json() as {
        alliance: {
          instrumentId: string;
          scale: string;
          side: string;
          points: { value: number }[];
        }[];
      }
    ).alliance.find(
      (s) => s.instrumentId === 'wai-sr' && s.scale === 'total' && s.side === 'client',
    );
    expect(total?.points.map((p) => p.value)).toEqual([
      expected.scales.find((s) => s.scale === 'total')!.score,
    ]);

    // The link is used: opening it again shows the one calm page.
    await page.goto(`${base}/q/${fixture.token}`);
    await expect.poll(() => heading(page)).toBe('This link is no longer available');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks Spanish to a client whose language is Spanish, with the forms in the languages they have', async () => {
    const { db, base } = server;
    const fixture = await caseWithOpenRequest(db, () => new Date());
    await db
      .updateTable('questionnaire_request')
      .set({ language: 'es' })
      .where('id', '=', fixture.request.id)
      .execute();
    const { context, page } = await server.openPage({
      viewport: { width: 320, height: 640 },
      locale: 'es-ES',
    });
    await page.goto(`${base}/q/${fixture.token}`);
    await expect.poll(() => heading(page)).toBe('Cuestionario 1 de 2');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    // The WAI-SR has no verified Spanish text: its items stay in English, marked as such.
    expect(await page.locator('form').getAttribute('lang')).toBe('en');
    // … and the page says so, in Spanish, instead of silently switching.
    await expect
      .poll(() =>
        page
          .getByText(
            'Este cuestionario aún no está disponible en su idioma, por eso se muestra en inglés, tal como se publicó.',
          )
          .isVisible(),
      )
      .toBe(true);
    await expect
      .poll(() => page.getByText('Unas preguntas sobre su sesión.', { exact: false }).isVisible())
      .toBe(true);
    await expect
      .poll(() => page.getByRole('button', { name: 'Enviar y continuar' }).isVisible())
      .toBe(true);
    expect(await overflows(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
