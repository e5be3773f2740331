import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { defaultAuthSettings } from '../../src/server/auth/auth-settings.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { insertSupervision } from '../../src/server/staff/staff.repository.ts';
import { TEST_PASSWORD, createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';
import { openTestDatabase } from '../helpers/test-databases.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } })
      .axe;
    return axe.run();
  });
  return result.violations.map((v) => v.id);
}

describe.skipIf(!browserAvailable())('supervision notes and alliance settings in Chromium', () => {
  let browser: Browser;
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  beforeAll(async () => {
    handle = await openTestDatabase('sqlite');
    app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock: () => new Date(),
      auth: { ...defaultAuthSettings, mode: 'password-only' },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  /** A signed-in page at 320 px, on `path`, failing the test on any page error. */
  async function openAs(email: string, path: string) {
    const context = await browser.newContext({
      viewport: { width: 320, height: 800 },
      locale: 'en-GB',
    });
    // A step that cannot happen fails with its own message, well within the test's time.
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${path}`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${path}`);
    return { context, page, errors };
  }

  const noWiderThanScreen = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );

  it('the supervisor writes a note, the therapist reads it; another therapist gets nothing', async () => {
    const practice = await createTestPractice(handle.db);
    const therapist = await createStaffWithPassword(handle.db, practice, 'therapist');
    const supervisor = await createStaffWithPassword(handle.db, practice, 'supervisor');
    const colleague = await createStaffWithPassword(handle.db, practice, 'therapist');
    await insertSupervision(handle.db, practice.organization.id, supervisor.id, therapist.id);
    const made = await createTestCase(handle.db, practice, therapist.id);
    const path = `/cases/${made.careCase.id}/alerts`;
    // Markup in a note is text, not HTML.
    const noteText = 'Look at the pacing in session 2.\n<b>Slow down</b> before the homework.';

    const sup = await openAs(supervisor.email, path);
    const panel = sup.page.getByRole('region', { name: 'Supervision notes' });
    await expect.poll(() => panel.textContent()).toContain('No supervision notes yet.');
    await noWiderThanScreen(sup.page);
    expect(await axeViolations(sup.page)).toEqual([]);
    // An empty note is refused before anything is sent.
    await panel.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toBe('Write the note first.');
    await panel.getByLabel('Add a supervision note').fill(noteText);
    await panel.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Note added.');
    const note = panel.locator('article.supervision-note');
    await expect.poll(() => note.count()).toBe(1);
    expect(await panel.getByLabel('Add a supervision note').inputValue()).toBe('');
    expect(await note.textContent()).toContain(supervisor.displayName);
    expect(await note.locator('b').count()).toBe(0);
    expect(await note.locator('.supervision-note-body').innerText()).toBe(noteText);
    // The time is shown in the clinic's zone (Europe/London) and the UI's language.
    const stored = await note.locator('time').getAttribute('datetime');
    expect(await note.locator('time').textContent()).toBe(
      new Intl.DateTimeFormat('en', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/London',
      }).format(new Date(stored!)),
    );
    expect(await axeViolations(sup.page)).toEqual([]);
    expect(sup.errors).toEqual([]);
    await sup.context.close();

    const own = await openAs(therapist.email, path);
    const ownPanel = own.page.getByRole('region', { name: 'Supervision notes' });
    await expect.poll(() => ownPanel.locator('article.supervision-note').count()).toBe(1);
    expect(await ownPanel.locator('.supervision-note-body').innerText()).toBe(noteText);
    // In Spanish, the panel speaks Spanish and the date follows.
    await own.page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => own.page.getByRole('region', { name: 'Notas de supervisión' }).count())
      .toBe(1);
    expect(own.errors).toEqual([]);
    await own.context.close();

    const other = await openAs(colleague.email, path);
    const api = await other.page.request.get(
      `${base}/api/cases/${made.careCase.id}/supervision-notes`,
    );
    expect(api.status()).toBe(404);
    expect(JSON.stringify(await api.json())).not.toContain('pacing');
    const otherPanel = other.page.getByRole('region', { name: 'Supervision notes' });
    await expect
      .poll(() => otherPanel.textContent())
      .toContain('This case is not one you can see.');
    expect(await otherPanel.textContent()).not.toContain('pacing');
    await other.context.close();
  });

  it('a clinic admin reads the alliance rules with their defaults and changes one, bad values refused', async () => {
    const practice = await createTestPractice(handle.db);
    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const { context, page, errors } = await openAs(admin.email, '/admin/alliance-settings');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Alliance rule settings');
    expect(await page.getByRole('link', { name: 'Alliance rules' }).isVisible()).toBe(true);
    const k = page.getByLabel('Rupture threshold (k)');
    await expect.poll(() => k.inputValue()).toBe('1.5');
    const ruptures = page.getByRole('group', { name: 'Ruptures' });
    expect(await ruptures.textContent()).toContain(
      'A rupture is a score at or below baseline − k × SD; 1 is lenient, 2 strict. Default: 1.5. From 0.5 to 3.',
    );
    expect(await page.getByLabel('Stricter SD').isChecked()).toBe(true);
    expect(await page.getByText('This clinic uses the defaults.').isVisible()).toBe(true);
    await noWiderThanScreen(page);
    expect(await axeViolations(page)).toEqual([]);

    // Out of range: the server says which field, and nothing is stored.
    await k.fill('9');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Some values need correcting; nothing was saved.');
    expect(await k.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-key="rupture.k"]').textContent()).toContain(
      'This value is outside the allowed range.',
    );
    expect(await axeViolations(page)).toEqual([]);
    const unchanged = await handle.db
      .selectFrom('clinic_alliance_settings')
      .select('parameters')
      .where('clinic_id', '=', practice.clinic.id)
      .executeTakeFirst();
    expect(unchanged).toBeUndefined();

    await k.fill('2');
    await page.getByLabel('Repair horizon (h)').fill('4');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Saved. Active cases queued for a recompute: 0.');
    expect(await k.getAttribute('aria-invalid')).toBeNull();
    const stored = await handle.db
      .selectFrom('clinic_alliance_settings')
      .select('parameters')
      .where('clinic_id', '=', practice.clinic.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.parameters)).toEqual({ rupture: { k: 2 }, repair: { horizon: 4 } });
    expect(await page.getByText(/^Last changed/).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
