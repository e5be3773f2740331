import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSupervision } from '../../src/server/staff/staff.repository.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';

describe.skipIf(!browserAvailable())('supervision notes and alliance settings in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  /** A signed-in page at 320 px, on `path`, failing the test on any page error. */
  const openAs = (email: string, path: string) =>
    server.openAs(email, {
      path,
      viewport: { width: 320, height: 800 },
      // A step that cannot happen fails with its own message, well within the test's time.
      timeout: 8_000,
    });

  const noWiderThanScreen = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );

  it('the supervisor writes a note, the therapist reads it; another therapist gets nothing', async () => {
    const { db } = server;
    const practice = await createTestPractice(db);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
    const colleague = await createStaffWithPassword(db, practice, 'therapist');
    await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
    const made = await createTestCase(db, practice, therapist.id);
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
      `${server.base}/api/cases/${made.careCase.id}/supervision-notes`,
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
    const { db } = server;
    const practice = await createTestPractice(db);
    const admin = await createStaffWithPassword(db, practice, 'admin');
    const { context, page, errors } = await openAs(admin.email, '/admin/alliance-settings');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Alliance rule settings');
    await expect
      .poll(() => page.getByRole('link', { name: 'Alliance rules' }).isVisible())
      .toBe(true);
    const k = page.getByLabel('Rupture threshold (k)');
    await expect.poll(() => k.inputValue()).toBe('1.5');
    const ruptures = page.getByRole('group', { name: 'Ruptures' });
    expect(await ruptures.textContent()).toContain(
      'A rupture is a score at or below baseline − k × SD; 1 is lenient, 2 strict. Default: 1.5. From 0.5 to 3.',
    );
    expect(await page.getByLabel('Stricter SD').isChecked()).toBe(true);
    // The pooled SD's default is a stand-in: the field says what the clinic's own data show.
    expect(await page.locator('[data-key="rupture.pooledSd"]').textContent()).toContain(
      'Default: 0.6. From 0.05 to 2. This clinic has too few alliance forms to measure it yet.',
    );
    await expect
      .poll(() => page.getByText('This clinic uses the defaults.').isVisible())
      .toBe(true);
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
    const unchanged = await db
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
    const stored = await db
      .selectFrom('clinic_alliance_settings')
      .select('parameters')
      .where('clinic_id', '=', practice.clinic.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.parameters)).toEqual({ rupture: { k: 2 }, repair: { horizon: 4 } });
    await expect.poll(() => page.getByText(/^Last changed/).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
