import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/auth-client.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { axeViolations, collectPageErrors } from '../helpers/browser-session.ts';
import { RAPPORT_BIN, type SpawnedRapport, spawnRapport } from '../helpers/spawn-rapport.ts';
import { type SmtpListener, startSmtpListener } from '../helpers/smtp-listener.ts';

// A practice's first day on a fresh install, not the demo: the real `rapport` command sets it
// up, the real server serves it, a real SMTP listener receives its mail, and Chromium plays
// each person. Nothing is written to the database behind the pages' backs.

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** A free local port, so PUBLIC_URL (in every mailed link) can name it before the server starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `rapport …` to its end with `input` on standard input; resolves with its output. */
function runRapport(args: string[], env: Record<string, string>, input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RAPPORT_BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: undefined, ...env },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`rapport ${args[0]} exited ${code}: ${out}`)),
    );
    child.stdin.end(input);
  });
}

/** The links in a mail's text (quoted-printable soft breaks undone). */
const linksIn = (body: string) =>
  [...body.replace(/=\r?\n/g, '').matchAll(/https?:\/\/127\.0\.0\.1:\d+\/[^\s"<>]+/g)].map((m) =>
    m[0].replace(/=3D/g, '='),
  );

/** A time `hoursAgo` before now as a datetime-local value in London (the clinic's zone). */
function londonLocal(hoursAgo: number): string {
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(at)
    .replace(' ', 'T');
}

describe.skipIf(!browserAvailable())('a fresh install, from set-up to the first session', () => {
  let smtp: SmtpListener;
  let server: SpawnedRapport;
  let browser: Browser;
  let base: string;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'rapport-fresh-'));
  const db = join(dir, 'rapport.db');

  beforeAll(async () => {
    smtp = await startSmtpListener();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      RAPPORT_DATA_DIR: dir,
      PUBLIC_URL: base,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Rapport <rapport@fresh.example>',
      RAPPORT_JOB_POLL_MS: '200',
    };
    await runRapport(
      [
        'setup',
        '--db',
        db,
        '--organization',
        'Fresh Start Therapy',
        '--clinic',
        'Main',
        '--time-zone',
        'Europe/London',
      ],
      env,
    );
    await runRapport(
      [
        'user',
        'create',
        '--db',
        db,
        '--email',
        'owner@fresh.example',
        '--name',
        'Olive Owner',
        '--role',
        'admin',
        '--clinic',
        'Main',
      ],
      env,
    );
    await runRapport(
      ['user', 'set-password', '--db', db, '--email', 'owner@fresh.example'],
      env,
      `${TEST_PASSWORD}\n`,
    );
    server = spawnRapport(['serve', '--db', db, '--port', String(port)], env);
    await server.waitFor(/listening at/);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await smtp?.close();
  });

  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  /** The newest link in the mails to `address` that matches `pattern`, once one has come. */
  async function mailedLink(address: string, pattern: RegExp, after = 0): Promise<string> {
    await expect
      .poll(
        () =>
          mailsTo(address)
            .slice(after)
            .flatMap((m) => linksIn(m.body))
            .some((l) => pattern.test(l)),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    return mailsTo(address)
      .slice(after)
      .flatMap((m) => linksIn(m.body))
      .filter((l) => pattern.test(l))
      .at(-1)!;
  }

  async function newPage(viewport = { width: 390, height: 844 }) {
    const context = await browser.newContext({ locale: 'en-GB', viewport });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    return { context, page, errors: collectPageErrors(page) };
  }

  /** Signs in with the password and enrols the second factor, as a first sign-in does. */
  async function firstSignIn(page: Page, email: string): Promise<string> {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/set-up$/);
    const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    await page.getByLabel(/6-digit code the app now shows/).fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await page.waitForURL(`${base}/`);
    return secret;
  }

  /**
   * Answers every form behind a questionnaire link as a client would: the notice, then each
   * form (a middle answer to every question, `freeText` in every text box), to the thanks.
   * Returns the text of each step as shown.
   */
  async function answerEverything(page: Page, freeText: string, language: 'en' | 'es') {
    const words =
      language === 'es'
        ? { next: /^(Continuar|Enviar y continuar|Enviar)$/, done: 'Gracias' }
        : { next: /^(Continue|Send and continue|Send)$/, done: 'Thank you' };
    const done = page.getByRole('heading', { name: words.done });
    const next = page.getByRole('button', { name: words.next });
    const shown: string[] = [];
    for (let step = 0; step < 12; step++) {
      await next.or(done).first().waitFor();
      if (await done.isVisible()) return shown;
      const text = (await page.locator('body').innerText()).trim();
      shown.push(text);
      for (const group of await page.getByRole('group').all()) {
        const radios = group.getByRole('radio');
        const count = await radios.count();
        if (count > 0) await radios.nth(Math.floor(count / 2)).check();
      }
      for (const box of await page.locator('textarea').all()) await box.fill(freeText);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        360,
      );
      await next.click();
      // The next form (or the thanks) replaces this one.
      await expect
        .poll(
          async () =>
            (await done.isVisible()) || (await page.locator('body').innerText()).trim() !== text,
        )
        .toBe(true);
    }
    throw new Error('the questionnaire did not end within 12 steps');
  }

  it('an admin set up on the command line starts the practice; a couple answers after session 1', async () => {
    // The owner signs in with a second factor and adds a therapist.
    const owner = await newPage();
    await firstSignIn(owner.page, 'owner@fresh.example');
    await owner.page.goto(`${base}/admin/staff`);
    await owner.page.getByRole('heading', { level: 1, name: 'Staff and roles' }).waitFor();
    const add = owner.page.getByRole('region', { name: 'Add a staff member' });
    await add.getByLabel('Name').fill('Dr Theo Field');
    await add.getByLabel('E-mail address').fill('theo@fresh.example');
    await add.getByLabel('Role').selectOption('therapist');
    await owner.page.getByRole('button', { name: 'Create the account' }).click();
    await owner.page.getByRole('rowheader', { name: 'Dr Theo Field' }).waitFor();
    expect(await axeViolations(owner.page)).toEqual([]);
    expect(owner.errors).toEqual([]);
    await owner.context.close();

    // The therapist chooses a password from the mailed link, then enrols a second factor.
    const theo = await newPage();
    await theo.page.goto(`${base}/sign-in`);
    await theo.page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await theo.page.getByLabel('E-mail address').fill('theo@fresh.example');
    await theo.page.getByRole('button', { name: 'Send the link' }).click();
    const reset = await mailedLink('theo@fresh.example', /\/reset-password#token=/);
    await theo.page.goto(reset);
    await theo.page.getByLabel('New password', { exact: true }).fill(TEST_PASSWORD);
    await theo.page.getByLabel('New password again').fill(TEST_PASSWORD);
    await theo.page.getByRole('button', { name: 'Set the new password' }).click();
    await theo.page.getByRole('link', { name: 'Go to sign-in' }).waitFor();
    await firstSignIn(theo.page, 'theo@fresh.example');
    const { page } = theo;

    // Two clients: Ada reads English, Beto Spanish; both have an address for links.
    await page.goto(`${base}/clients`);
    await expect.poll(() => heading(page)).toBe('Clients');
    for (const [given, family, born, email, language] of [
      ['Ada', 'Lindqvist', '1986-03-14', 'ada@fresh.example', 'en'],
      ['Beto', 'Quiroga', '1984-09-02', 'beto@fresh.example', 'es'],
    ] as const) {
      await page.getByLabel('Given name').fill(given);
      await page.getByLabel('Family name').fill(family);
      await page.getByLabel('Date of birth').fill(born);
      await page.getByLabel('E-mail for links (optional)').fill(email);
      await page.getByLabel('Preferred language').selectOption(language);
      await page.getByRole('button', { name: 'Add the client' }).click();
      await expect
        .poll(() => page.getByTestId('client-row').filter({ hasText: given }).count())
        .toBe(1);
    }

    // A couple case with both.
    await page.goto(`${base}/cases/new`);
    await expect.poll(() => heading(page)).toBe('Open a case');
    await page.getByLabel('Type of case').selectOption('couple');
    await page.getByLabel('Relationship').check();
    const clientOption = (member: number, given: string) =>
      page
        .getByLabel(new RegExp(`^Member ${member}`))
        .locator('option', { hasText: given })
        .getAttribute('value');
    await page.getByLabel(/^Member 1/).selectOption((await clientOption(1, 'Ada'))!);
    await page.getByLabel('Relation of member 1').selectOption('partner');
    await page.getByRole('button', { name: 'Add a member' }).click();
    await page.getByLabel(/^Member 2/).selectOption((await clientOption(2, 'Beto'))!);
    await page.getByLabel('Relation of member 2').selectOption('partner');
    await page.getByLabel('Dr Theo Field').check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/case-records\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').at(-1)!;

    // Session 1, which began two hours ago, attended.
    const addSession = async (hoursAgo: number) => {
      await page.goto(`${base}/cases/${caseId}/sessions/new`);
      await page.getByRole('heading', { level: 1, name: 'New session' }).waitFor();
      await page.getByLabel('Starts').fill(londonLocal(hoursAgo));
      await page.getByLabel('Ends').fill(londonLocal(hoursAgo - 1));
      await page.getByRole('button', { name: 'Add the session' }).click();
      await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
      await page.getByRole('radio', { name: 'Attended' }).check();
      await page.getByRole('button', { name: 'Save attendance' }).click();
      await expect.poll(() => page.getByTestId('attendance').textContent()).toBe('Attended');
      return page.url().split('/').at(-1)!;
    };
    const session1 = await addSession(3);

    // Each partner answers on a small phone, from the link in their mail.
    const adaLink = await mailedLink('ada@fresh.example', /\/q\//);
    const ada = await newPage({ width: 360, height: 740 });
    await ada.page.goto(adaLink);
    await answerEverything(ada.page, 'Ada found the homework plan useful.', 'en');
    expect(await axeViolations(ada.page)).toEqual([]);
    expect(ada.errors).toEqual([]);
    await ada.context.close();

    const betoLink = await mailedLink('beto@fresh.example', /\/q\//);
    const beto = await newPage({ width: 360, height: 740 });
    await beto.page.goto(betoLink);
    await beto.page.getByText('Unas preguntas sobre su sesión.').waitFor();
    const betoSaw = await answerEverything(beto.page, 'Beto quiere hablar más despacio.', 'es');
    // A form with no Spanish text is shown as published, and he is told so in Spanish.
    expect(betoSaw.some((text) => text.includes('aún no está disponible en su idioma'))).toBe(true);
    expect(betoSaw.every((text) => !text.includes('Send and continue'))).toBe(true);
    expect(await axeViolations(beto.page)).toEqual([]);
    expect(beto.errors).toEqual([]);
    await beto.context.close();

    // The therapist answers their own rating of the session from its page.
    await page.goto(`${base}/sessions/${session1}`);
    await page.getByRole('link', { name: 'Answer your own form for this session now' }).click();
    await page
      .getByRole('heading', { name: 'Therapist session rating (Rapport, non-standardised)' })
      .waitFor();
    for (const group of await page.getByRole('group').all()) {
      const radios = group.getByRole('radio');
      const count = await radios.count();
      if (count > 0) await radios.nth(count - 2).check();
    }
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();

    // The case page: both partners' lines and the therapist's, and what each answered.
    await page.goto(`${base}/cases/${caseId}`);
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 20_000 })
      .toContain('Dr Theo Field (therapist)');
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Ada Lindqvist (client)');
    expect(main).toContain('Beto Quiroga (client)');
    // In a couple each alert says whom it is about.
    expect(main).toContain('About Beto');
    await page.getByRole('link', { name: 'Answers of session 1' }).click();
    await page.getByRole('heading', { name: 'Answers', level: 2 }).waitFor();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('Ada found the homework plan useful.');
    const answers = (await page.locator('main').textContent())!;
    expect(answers).toContain('Beto quiere hablar más despacio.');
    expect(await axeViolations(page)).toEqual([]);

    // Session 2 sends new links; closing the case before they are used revokes them.
    const adaMails = mailsTo('ada@fresh.example').length;
    await addSession(1.5);
    const adaSecond = await mailedLink('ada@fresh.example', /\/q\//, adaMails);
    expect(adaSecond).not.toBe(adaLink);
    await page.goto(`${base}/case-records/${caseId}`);
    await page.getByLabel('Reason').selectOption('completed');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await expect
      .poll(() => page.getByTestId('case-status').textContent())
      .toBe('Closed (completed)');
    const late = await newPage({ width: 360, height: 740 });
    await late.page.goto(adaSecond);
    await expect.poll(() => heading(late.page)).toBe('This link is no longer available');
    await late.context.close();
    expect(theo.errors).toEqual([]);
    await theo.context.close();
  }, 240_000);
});
