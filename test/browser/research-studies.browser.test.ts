import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { createRolePractice } from '../helpers/role-practice.ts';
import { createTestParticipant } from '../helpers/study.fixture.ts';

/** Markup that runs script if a page ever renders text as HTML or a link. */
const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '"><script>window.__xss=1</script>';
const scriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe.skipIf(!browserAvailable())('research studies in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('a researcher creates a study with measures and a consent version, safely previewed', async () => {
    const { db } = server;
    const p = await createRolePractice(db);
    const clinicName = `North ${IMG}`;
    await db
      .updateTable('clinic')
      .set({ name: clinicName })
      .where('id', '=', p.practice.clinic.id)
      .execute();
    const colleague = await createStaffWithPassword(db, p.practice, 'researcher');
    await db
      .updateTable('staff_user')
      .set({ display_name: `Colleague ${SCRIPT}` })
      .where('id', '=', colleague.id)
      .execute();

    const { page, context, errors } = await server.openAs(p.staff.researcher.email, {
      timeout: 20_000,
      failOnDialog: true,
    });
    const clean = async () => {
      expect(await axeViolations(page)).toEqual([]);
      expect(await scriptRan(page)).toBe(false);
    };
    await page.getByRole('link', { name: 'Research' }).click();
    await expect.poll(() => heading(page)).toBe('Studies');
    await page.getByText('You are not on the team of any study yet.').waitFor();
    await clean();
    await page.getByRole('link', { name: 'New study' }).click();
    await expect.poll(() => heading(page)).toBe('New study');

    const title = `Alliance formation ${IMG}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Short protocol summary').fill(`Twelve therapists ${SCRIPT}`);
    await page.getByLabel('Principal investigator').fill('Dr Marta Ruiz');
    await page.getByLabel('Ethics approval reference').fill('CEI-2026-014');
    await page.getByLabel('Ethics approval date').fill('2026-10-01');
    await page.getByLabel("Therapist's alliance form").selectOption('therapist-session-rating');
    await page.getByLabel(clinicName, { exact: true }).check();
    await page.getByLabel(`Target enrolment at ${clinicName}`).fill('7');
    await page.getByLabel(`Colleague ${SCRIPT}`, { exact: true }).check();
    await page.getByRole('button', { name: 'Add a measure' }).click();
    await page.getByLabel('Instrument of measure 1').selectOption('wai-sr');
    await page.getByRole('button', { name: 'Add a measure' }).click();
    await page.getByLabel('Instrument of measure 2').selectOption('therapist-session-rating');
    await page.getByLabel('Respondent of measure 2').selectOption('therapist');
    await page.getByLabel('Session numbers of measure 2').fill('3, 5');
    await clean();
    // A recording retention of 0 days is refused by the server, by name; nothing is stored.
    const retention = page.getByLabel('Days to keep interview recordings after the interview', {
      exact: false,
    });
    await retention.fill('0');
    await page.getByRole('button', { name: 'Create the study' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/recordingRetentionDays: must be between 1 and 36500 days/);
    expect(await db.selectFrom('study').select('id').where('title', '=', title).execute()).toEqual(
      [],
    );
    await retention.fill('90');
    // Measure 1 has no sessions yet: the server names the problem and nothing is stored.
    await page.getByRole('button', { name: 'Create the study' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('names at least one session number');
    expect(await db.selectFrom('study').select('id').where('title', '=', title).execute()).toEqual(
      [],
    );
    await page.getByLabel('Session numbers of measure 1').fill('5, 3');
    await page.getByRole('button', { name: 'Create the study' }).click();
    await expect.poll(() => heading(page)).toBe(title);
    expect(await page.getByTestId('study-status').textContent()).toBe('This study is: Draft');
    expect(await page.getByLabel('Session numbers of measure 1').inputValue()).toBe('3, 5');
    expect(await page.getByLabel(`Colleague ${SCRIPT}`, { exact: true }).isChecked()).toBe(true);
    expect(await retention.inputValue()).toBe('90');
    expect(
      await db
        .selectFrom('study')
        .select('recording_retention_days')
        .where('title', '=', title)
        .executeTakeFirst(),
    ).toEqual({ recording_retention_days: 90 });
    await clean();

    // A consent text with HTML is refused; its preview shows the markup as characters.
    const markdown = [
      '# About the study',
      '',
      'Taking part is **voluntary**. [Contact us](https://example.org/study)',
      '[Click](javascript:window.__xss=1)',
      '',
      '- You may stop at any time.',
    ].join('\n');
    await page.locator('main').getByLabel('Language', { exact: true }).selectOption('en');
    await page.getByLabel(/^Information text/).fill(`${markdown}\n\n${IMG}`);
    await page.getByLabel('Statements to tick, one a line').fill('I have read it.\nI agree.');
    await page.getByLabel('Effective from').fill('2026-10-01');
    const preview = page.getByTestId('consent-preview');
    await preview.getByRole('heading', { level: 4, name: 'About the study' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('voluntary');
    expect(await preview.getByRole('link', { name: 'Contact us' }).getAttribute('href')).toBe(
      'https://example.org/study',
    );
    expect(await preview.getByRole('link').count()).toBe(1);
    expect(await preview.textContent()).toContain(IMG);
    expect(await preview.locator('img, script').count()).toBe(0);
    await page.getByRole('button', { name: 'Create the version' }).click();
    await expect
      .poll(() =>
        page.getByRole('region', { name: 'Consent versions' }).getByRole('alert').textContent(),
      )
      .toContain('raw HTML');
    expect(await page.getByTestId('consent-version-row').count()).toBe(0);
    await clean();
    await page.getByLabel(/^Information text/).fill(markdown);
    await page.getByRole('button', { name: 'Create the version' }).click();
    await expect.poll(() => page.getByTestId('consent-version-row').count()).toBe(1);

    // Unsigned, it can be edited; shown, it reads as the participant will read it.
    await page.getByRole('button', { name: 'Edit version 1 (en)' }).click();
    await page
      .getByLabel('Statements to tick, one a line')
      .fill('I have read it.\nI agree.\nI may stop.');
    await page.getByRole('button', { name: 'Save the version' }).click();
    await page.getByRole('heading', { level: 3, name: 'New consent version' }).waitFor();
    await page.getByRole('button', { name: 'Show version 1 (en)' }).click();
    const shown = page.getByTestId('consent-version-shown');
    await shown.getByRole('heading', { level: 3, name: 'About the study' }).waitFor();
    expect(await shown.locator('li').allTextContents()).toEqual([
      'You may stop at any time.',
      'I have read it.',
      'I agree.',
      'I may stop.',
    ]);
    await clean();

    // Recruiting, forward only; a signature freezes the version; participants by pseudonym.
    await page.getByRole('button', { name: 'Move to Recruiting' }).click();
    await expect
      .poll(() => page.getByTestId('study-status').textContent())
      .toBe('This study is: Recruiting');
    const study = await db
      .selectFrom('study')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    const version = await db
      .selectFrom('consent_version')
      .select('id')
      .where('study_id', '=', study.id)
      .executeTakeFirstOrThrow();
    const participant = await createTestParticipant(
      db,
      p.practice,
      {
        id: study.id,
        organizationId: p.practice.organization.id,
        consentVersionId: version.id,
        measureIds: [],
      },
      { role: 'client', caseId: p.case1.careCase.id, clientId: p.case1.clients[0]!.id },
    );
    await db
      .insertInto('consent_record')
      .values({
        id: randomUUID(),
        organization_id: p.practice.organization.id,
        study_id: study.id,
        participant_id: participant.id,
        consent_version_id: version.id,
        invitation_id: null,
        kind: 'consent',
        decision: 'consented',
        channel: 'link',
        typed_name: `Signer ${IMG}`,
        ticked_statements: '[0,1,2]',
        text_sha256: 'b'.repeat(64),
        signed_at: '2026-10-05T10:00:00.000Z',
        receipt_pdf: null,
        receipt_sha256: null,
        receipt_token_hash: null,
      })
      .execute();
    await page.reload();
    await page.getByTestId('participant-row').waitFor();
    expect(await page.getByRole('button', { name: 'Edit version 1 (en)' }).count()).toBe(0);
    expect(await page.getByTestId('consent-version-row').textContent()).toContain(
      'signed: can no longer change',
    );
    const row = await page.getByTestId('participant-row').textContent();
    expect(row).toContain(participant.pseudonym);
    expect(row).toContain('v1 (en)');
    const body = await page.locator('main').textContent();
    expect(body).not.toContain(p.case1.clients[0]!.familyName);
    expect(body).not.toContain('Signer');
    await clean();

    await page.getByRole('link', { name: 'All studies' }).click();
    await expect.poll(() => page.getByTestId('study-row').textContent()).toContain(title);
    await clean();
    expect(errors).toEqual([]);
    await context.close();
  });
});
