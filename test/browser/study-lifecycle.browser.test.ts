import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionnaireView } from '../../src/core/api/questionnaire.ts';
import { insertDefaultPlan } from '../../src/server/measurement/default-plan.service.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';

// Issue 16's scenario from end to end, every step a person takes done on the pages: a
// researcher sets up a study, a couple's therapist enrols both partners, one consents on a
// small phone and the other declines, the therapist consents in the staff app, the study's
// form rides on the next session's links, a second consent version leaves the first
// signature alone, and a withdrawal stops the study's forms at once. The database is read
// only to check.

const SECRET = 'study-lifecycle-secret-0123456789-0123456789';
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const pdfText = (path: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable())('a study from set-up to withdrawal, in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', secret: SECRET });
  });
  afterAll(() => server?.close());

  it('creates, recruits, consents, asks its form on the session links, re-versions and stops on withdrawal', async () => {
    const { db, base } = server;
    const practice = await createTestPractice(db);
    // A new clinic starts with the default plan (WAI-SR and session feedback every session;
    // WHO-5 is not in it), as `rapport setup` and the admin pages give it.
    await insertDefaultPlan(db, practice.clinic, new Date().toISOString(), null);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const researcher = await createStaffWithPassword(db, practice, 'researcher');
    const made = await createTestCase(db, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['attended', 'scheduled', 'scheduled'],
    });
    const [consenter, decliner] = made.clients;
    const nameOf = (c: typeof consenter) => `${c!.givenName} ${c!.familyName}`;
    const title = 'Alliance formation in the first sessions';

    // 1. The researcher creates the study with WHO-5 for clients after sessions 2 and 3.
    const lab = await server.openAs(researcher.email, { timeout: 20_000 });
    const rp = lab.page;
    await rp.getByRole('link', { name: 'Research' }).click();
    await expect.poll(() => heading(rp)).toBe('Studies');
    await rp.getByRole('link', { name: 'New study' }).click();
    await expect.poll(() => heading(rp)).toBe('New study');
    await rp.getByLabel('Title').fill(title);
    await rp.getByLabel('Short protocol summary').fill('Clients and therapists rate the alliance.');
    await rp.getByLabel('Principal investigator').fill('Dr Marta Ruiz');
    await rp.getByLabel('Ethics approval reference').fill('CEI-2026-014');
    await rp.getByLabel('Ethics approval date').fill('2026-10-01');
    await rp.getByLabel("Therapist's alliance form").selectOption('therapist-session-rating');
    await rp.getByLabel(practice.clinic.name, { exact: true }).check();
    await rp.getByLabel(`Target enrolment at ${practice.clinic.name}`).fill('2');
    await rp.getByRole('button', { name: 'Add a measure' }).click();
    await rp.getByLabel('Instrument of measure 1').selectOption('who-5');
    await rp.getByLabel('Respondent of measure 1').selectOption('client');
    await rp.getByLabel('Session numbers of measure 1').fill('2, 3');
    await rp.getByRole('button', { name: 'Create the study' }).click();
    await expect.poll(() => heading(rp)).toBe(title);
    const study = await db
      .selectFrom('study')
      .select('id')
      .where('title', '=', title)
      .where('organization_id', '=', practice.organization.id)
      .executeTakeFirstOrThrow();

    // Consent v1, in force from yesterday; then recruiting.
    const newVersion = async (text: string, statements: string, from: string) => {
      await rp.locator('main').getByLabel('Language', { exact: true }).selectOption('en');
      await rp.getByLabel(/^Information text/).fill(text);
      await rp.getByLabel('Statements to tick, one a line').fill(statements);
      await rp.getByLabel('Effective from').fill(from);
      await rp.getByRole('button', { name: 'Create the version' }).click();
    };
    await newVersion(
      '# About this study\n\nTaking part is **voluntary**.',
      'I have read the information.\nI agree to take part.',
      day(-1),
    );
    await expect.poll(() => rp.getByTestId('consent-version-row').count()).toBe(1);
    await rp.getByRole('button', { name: 'Move to Recruiting' }).click();
    await expect
      .poll(() => rp.getByTestId('study-status').textContent())
      .toBe('This study is: Recruiting');
    expect(await axeViolations(rp)).toEqual([]);

    // 2. The therapist enrols both partners from the case page's Research panel.
    const staff = await server.openAs(therapist.email, {
      path: `/cases/${made.careCase.id}`,
      viewport: { width: 1024, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
      timeout: 20_000,
    });
    const sp = staff.page;
    const panel = sp.getByRole('region', { name: 'Research' });
    await expect
      .poll(() => panel.getByText(`${nameOf(consenter)}: not enrolled`).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    const inviteLink = async (name: string) => {
      await panel
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByRole('button', { name: 'Invite to the study' })
        .click();
      const input = sp.getByLabel(`Consent link for ${name} (consent)`);
      await expect.poll(() => input.isVisible()).toBe(true);
      return input.inputValue();
    };
    const consentLink = await inviteLink(nameOf(consenter));
    const declineLink = await inviteLink(nameOf(decliner));

    // 3. The first partner consents on a 320 px phone and downloads the receipt.
    const phone = await server.openPage({ viewport: { width: 320, height: 640 }, timeout: 20_000 });
    const cp = phone.page;
    await cp.goto(consentLink);
    await expect.poll(() => heading(cp)).toBe(title);
    expect(await overflows(cp)).toBe(false);
    await cp.getByLabel('I have read the information.').check();
    await cp.getByLabel('I agree to take part.').check();
    await cp.getByLabel('Type your full name').fill('José Peña');
    await cp.getByRole('button', { name: 'I agree to take part' }).click();
    await cp.waitForURL(/\/consent\/receipt#/);
    await expect.poll(() => cp.getByText(/You agreed to take part on/).isVisible()).toBe(true);
    expect(await overflows(cp)).toBe(false);
    expect(await axeViolations(cp)).toEqual([]);
    const receiptUrl = cp.url();
    const downloadReceipt = async () => {
      const [download] = await Promise.all([
        cp.waitForEvent('download'),
        cp.getByRole('button', { name: 'Download your receipt (PDF)' }).click(),
      ]);
      return readFileSync(await download.path());
    };
    const receiptV1 = await downloadReceipt();
    expect(receiptV1.subarray(0, 5).toString()).toBe('%PDF-');
    const receiptFile = join(mkdtempSync(join(tmpdir(), 'receipt-')), 'v1.pdf');
    writeFileSync(receiptFile, receiptV1);
    const text = pdfText(receiptFile);
    expect(text).toContain(title);
    expect(text).toContain('Consent version: 1');
    expect(text).toContain(new Date().toISOString().slice(0, 10));
    expect(text).toContain('José Peña');

    // The second partner declines.
    const other = await server.openPage({ viewport: { width: 320, height: 640 }, timeout: 20_000 });
    await other.page.goto(declineLink);
    await expect.poll(() => heading(other.page)).toBe(title);
    await other.page.getByLabel('Type your full name').fill('Sam Declines');
    await other.page.getByRole('button', { name: 'I do not agree' }).click();
    await expect
      .poll(() => other.page.getByText(/You chose not to take part on/).isVisible())
      .toBe(true);

    // 4. The therapist takes part and consents in the staff app.
    await sp.reload();
    await expect
      .poll(() => panel.getByText(`${nameOf(consenter)}: consented`).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await panel.getByText(`${nameOf(decliner)}: declined`).isVisible()).toBe(true);
    await panel.getByRole('button', { name: 'Take part myself' }).click();
    await panel.getByRole('link', { name: 'Give or see my consent' }).click();
    await expect.poll(() => heading(sp)).toBe(`My consent: ${title}`);
    await sp.getByLabel('I have read the information.').check();
    await sp.getByLabel('I agree to take part.').check();
    await sp.getByLabel('Type your full name').fill('Test Therapist');
    await sp.getByRole('button', { name: 'I agree to take part' }).click();
    await expect
      .poll(() => sp.getByRole('status').textContent())
      .toBe('Your decision is recorded (consented).');

    const statuses = async () =>
      Object.fromEntries(
        (
          await db
            .selectFrom('study_participant')
            .select(['pseudonym', 'status'])
            .where('study_id', '=', study.id)
            .execute()
        ).map((r) => [r.pseudonym, r.status]),
      );
    expect(await statuses()).toEqual({ C01: 'consented', C02: 'declined', T01: 'consented' });

    // 5. Session 2 is marked attended on its page; each partner's link is opened.
    const attend = async (sessionId: string) => {
      await sp.goto(`${base}/sessions/${sessionId}`);
      await sp.getByRole('radio', { name: 'Attended' }).check();
      await sp.getByRole('button', { name: 'Save attendance' }).click();
      await expect.poll(() => sp.getByTestId('attendance').textContent()).toBe('Attended');
      await expect
        .poll(() => sp.getByRole('heading', { name: 'Forms after this session' }).count(), {
          timeout: 15_000,
        })
        .toBe(1);
    };
    /** The forms a client's link opens on a phone: what the page was sent and shows. */
    const formsOnLink = async (givenName: string) => {
      const copy = sp.getByRole('button', { name: `Copy link for ${givenName}` });
      await copy.click();
      const item = sp.getByRole('listitem').filter({ has: copy });
      await expect.poll(() => item.getByText('Link copied.').count()).toBe(1);
      const link = await sp.evaluate(() => navigator.clipboard.readText());
      const opened = await server.openPage({ viewport: { width: 320, height: 640 } });
      const [response] = await Promise.all([
        opened.page.waitForResponse((r) => r.url().endsWith('/api/public/questionnaire')),
        opened.page.goto(link),
      ]);
      const view = (await response.json()) as QuestionnaireView;
      const ids = view.forms.map((f) => f.id);
      await expect.poll(() => heading(opened.page)).toBe(`Questionnaire 1 of ${ids.length}`);
      expect(await overflows(opened.page)).toBe(false);
      expect(opened.errors).toEqual([]);
      await opened.context.close();
      return ids.sort();
    };
    await attend(made.sessions[1]!.id);
    expect(await formsOnLink(consenter!.givenName)).toEqual([
      'session-feedback',
      'wai-sr',
      'who-5',
    ]);
    // Declining changes nothing in care: the clinical forms still come, the study's do not.
    expect(await formsOnLink(decliner!.givenName)).toEqual(['session-feedback', 'wai-sr']);
    const items = await db
      .selectFrom('study_request_item')
      .select(['instrument_id', 'also_clinical'])
      .where('study_id', '=', study.id)
      .execute();
    expect(items).toEqual([{ instrument_id: 'who-5', also_clinical: 0 }]);

    // 6. Consent v2, made in the researcher pages, leaves the v1 record and receipt as they were.
    const v1Record = () =>
      db
        .selectFrom('consent_record')
        .innerJoin('consent_version', 'consent_version.id', 'consent_record.consent_version_id')
        .select([
          'consent_record.id',
          'consent_version.version',
          'consent_record.typed_name',
          'consent_record.text_sha256',
          'consent_record.signed_at',
          'consent_record.receipt_sha256',
          'consent_record.receipt_pdf',
        ])
        .where('consent_record.study_id', '=', study.id)
        .where('consent_record.typed_name', '=', 'José Peña')
        .executeTakeFirstOrThrow();
    const before = await v1Record();
    expect(before.version).toBe(1);
    await rp.reload();
    await expect.poll(() => rp.getByTestId('consent-version-row').count()).toBe(1);
    await newVersion(
      '# About this study\n\nTaking part is **voluntary**. We now also record interviews.',
      'I have read the information.\nI agree to take part.\nI agree to be interviewed.',
      day(0),
    );
    await expect.poll(() => rp.getByTestId('consent-version-row').count()).toBe(2);
    const after = await v1Record();
    expect(after).toEqual(before);
    // The stored receipt (base64) is the file the client downloaded, and its hash is stored.
    expect(Buffer.from(after.receipt_pdf!, 'base64').equals(receiptV1)).toBe(true);
    expect(after.receipt_sha256).toBe(createHash('sha256').update(receiptV1).digest('hex'));
    await cp.goto(receiptUrl);
    await cp.reload();
    await expect.poll(() => cp.getByText(/You agreed to take part on/).isVisible()).toBe(true);
    expect((await downloadReceipt()).equals(receiptV1)).toBe(true);

    // 7. The participant withdraws from the receipt page; session 3 asks only the clinic's forms.
    await cp.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await cp.getByRole('button', { name: 'Yes, withdraw from the study' }).click();
    await expect
      .poll(() => cp.getByRole('status').textContent())
      .toContain('You have withdrawn from the study.');
    expect((await statuses()).C01).toBe('withdrawn');
    await attend(made.sessions[2]!.id);
    expect(await formsOnLink(consenter!.givenName)).toEqual(['session-feedback', 'wai-sr']);
    expect(await formsOnLink(decliner!.givenName)).toEqual(['session-feedback', 'wai-sr']);
    // The unanswered WHO-5 of session 2 left the open link at withdrawal; nothing new came.
    expect(
      await db
        .selectFrom('study_request_item')
        .select('instrument_id')
        .where('study_id', '=', study.id)
        .execute(),
    ).toEqual([]);

    for (const opened of [lab, staff, phone, other]) {
      expect(opened.errors).toEqual([]);
      await opened.context.close();
    }
  }, 180_000);
});
