import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createRolePractice } from '../helpers/role-practice.ts';

describe.skipIf(!browserAvailable())("the interpreter's sessions in Chromium", () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  /** Signs in at 320 px on the home page; the page's errors (and CSP violations) are kept. */
  const signIn = (email: string) =>
    server.openAs(email, { viewport: { width: 320, height: 800 }, timeout: 8_000 });

  it('lists the assigned session in the clinic zone, with nothing clinical, in English and Spanish', async () => {
    const { base, db } = server;
    const practice = await createRolePractice(db);
    const session = practice.case1.sessions[0]!;
    const { context, page, errors } = await signIn(practice.staff.interpreter.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My sessions' }).click();
    await page.waitForURL(`${base}/interpreter`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sessions I interpret');
    const rows = page.getByTestId('interpreter-session');
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    // The session starts 2026-11-02T10:00Z; the clinic is in Europe/London (GMT in November).
    expect(await row.locator('time').getAttribute('datetime')).toBe(session.startsAt);
    expect(await row.locator('time').textContent()).toBe(
      new Intl.DateTimeFormat('en', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/London',
      }).format(new Date(session.startsAt)),
    );
    expect(await row.locator('time').textContent()).toContain('10:00');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(`Case ${practice.case1.careCase.reference}, session 1`);
    expect(text).toContain('Spanish');
    expect(text).toContain('In person');
    expect(text).toContain('Europe/London');
    // Only their own assignment: nothing of the other case, and no client name anywhere.
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain(practice.case2.careCase.reference);
    for (const c of [...practice.case1.clients, ...practice.case2.clients]) {
      expect(body).not.toContain(c.familyName);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sesiones que interpreto');
    expect(await rows.first().textContent()).toContain('español');
    expect(await rows.first().textContent()).toContain('Presencial');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the link to interpreters only, and an empty list to anyone with no assignment', async () => {
    const { base, db } = server;
    const practice = await createRolePractice(db);
    const { context, page, errors } = await signIn(practice.staff.therapist1.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link', { name: 'Caseload' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'My sessions' }).count()).toBe(0);
    await page.goto(`${base}/interpreter`);
    await expect.poll(() => page.getByText('You are not assigned to any session.').count()).toBe(1);
    expect(await page.getByTestId('interpreter-session').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
