// How long a client takes to answer a post-session link of the default plan (issue 13, item 6).
// Usage: npx vite build && npx tsx bench/completion-time.bench.ts [n=5]
//
// A seeded server: a synthetic practice on the default measurement plan (src/core/measurement/
// default-measurement-plan.ts), n individual cases with the presenting concern "anxiety" whose
// session 1 (the intake: alliance, feedback, PHQ-9, GAD-7, SWLS, Flourishing Scale) and n whose
// session 2 (an ordinary session: alliance and feedback) were just marked attended, through the
// same service the session page uses. Each link is opened in its own Chromium context at 360 ×
// 740 px (playwright-core, Debian's /usr/bin/chromium) and answered to the "Thank you" page;
// the time runs from `goto` of the link to that page.
//
// The scripted person (a documented pace, not a measurement of people):
// - reads every text on the way at 238 words a minute, the mean silent reading rate for
//   non-fiction in Brysbaert's meta-analysis (J Mem Lang 2019;109:104047): the greeting and
//   time estimate, each form's title and instructions, each item, and a form's answer labels
//   once (on its first item; the same labels repeat below);
// - then takes 1 s to choose and tap an answer (our assumption for a thumb on a 360-px screen
//   with the options stacked; not from a study);
// - reads the optional free-text questions and leaves them empty, as most clients do (our
//   assumption; a client who writes adds their own typing time);
// - answers the middle option, so the feedback's "how far was it resolved?" question appears
//   as it does for a client who reports some tension.
// The same run with zero think time is the page's own overhead: loading, rendering, sending
// each form and the server's scoring, at the same concurrency.
//
// The zero-think run answers its links one at a time, so it measures the page and not the
// machine's queue; the paced run answers PACED_AT_ONCE links at a time, each in its own browser
// context (their waits are idle time). The shared 2-core machine's load average is printed:
// page loads there are slower than on a phone talking to an idle server.
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { defaultMeasurementPlanEntries } from '../src/core/measurement/default-measurement-plan.ts';
import { buildApp } from '../src/server/app.ts';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { questionnaireToken } from '../src/server/measurement/questionnaire-link.ts';
import { listRequestsForSession } from '../src/server/measurement/questionnaire-request.repository.ts';
import { recordAttendance } from '../src/server/measurement/record-attendance.service.ts';
import { createTestCase, createTestPractice, createTestStaff } from '../test/helpers/factories.ts';
import { insertTestPlan } from '../test/helpers/plan.fixture.ts';

const N = Number(process.argv[2] ?? 5);
const PACED_AT_ONCE = 5;
const WORDS_PER_MINUTE = 238;
const TAP_MS = 1000;
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const clock = () => new Date();

interface Link {
  kind: 'intake' | 'ordinary';
  token: string;
}

interface Timing {
  kind: Link['kind'];
  ms: number;
  items: number;
  estimateMinutes: number | null;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const readingMs = (text: string) => (words(text) / WORDS_PER_MINUTE) * 60_000;

/** `count` intake links and `count` ordinary-session links, each of its own client. */
async function seed(count: number) {
  const handle = openDatabase({
    dialect: 'sqlite',
    file: join(mkdtempSync(join(tmpdir(), 'rapport-completion-')), 'bench.db'),
  });
  await migrateToLatest(handle.db);
  const db = handle.db;
  const practice = await createTestPractice(db);
  const therapist = await createTestStaff(db, practice);
  await insertTestPlan(db, practice, { entries: defaultMeasurementPlanEntries() });
  const links: Link[] = [];
  for (const kind of ['intake', 'ordinary'] as const) {
    for (let i = 0; i < count; i++) {
      const made = await createTestCase(db, practice, therapist.id, {
        attendance: kind === 'intake' ? ['scheduled'] : ['attended', 'scheduled'],
      });
      const session = made.sessions.at(-1)!;
      await recordAttendance(
        db,
        clock,
        SECRET,
        { organizationId: practice.organization.id, sessionId: session.id, attendance: 'attended' },
        { type: 'system', id: null },
      );
      const requests = await listRequestsForSession(db, practice.organization.id, session.id);
      for (const request of requests.filter((r) => r.respondentKind === 'client'))
        links.push({ kind, token: questionnaireToken(SECRET, request.id) });
    }
  }
  return { handle, links };
}

/** Answers one link as the scripted person (or at once, with `paced` false). */
async function answer(browser: Browser, base: string, link: Link, paced: boolean) {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 360, height: 740 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  const think = (ms: number) => (paced && ms > 0 ? page.waitForTimeout(ms) : Promise.resolve());
  const started = performance.now();
  await page.goto(`${base}/q/${link.token}`);
  let items = 0;
  let estimateMinutes: number | null = null;
  for (;;) {
    const heading = (await page.locator('h1').first().textContent()) ?? '';
    if (heading === 'Thank you') break;
    if (heading === 'Before you start') {
      await think(readingMs(await page.locator('main').innerText()));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForFunction(
        () => document.querySelector('h1')?.textContent !== 'Before you start',
      );
      continue;
    }
    const form = page.locator('form.q-form');
    await form.waitFor();
    const estimate = /about (a|\d+) minutes?/.exec(await page.locator('main').innerText());
    if (estimate && estimateMinutes === null)
      estimateMinutes = estimate[1] === 'a' ? 1 : Number(estimate[1]);
    // The page's own words above the items: greeting and estimate, form title, instructions.
    const preamble = await page.evaluate(() =>
      [...document.querySelectorAll('main p:not(.q-hint):not([role])')]
        .filter((p) => !p.closest('fieldset'))
        .map((p) => p.textContent ?? '')
        .join(' '),
    );
    await think(readingMs(preamble));
    for (const text of await form.locator('textarea').all()) {
      const label = await page.locator(`label[for="${await text.getAttribute('id')}"]`).innerText();
      await think(readingMs(label));
      items += 1;
    }
    let first = true;
    for (;;) {
      // The next item without an answer (answering one may show another).
      const open = form.locator('fieldset:not(:has(input:checked))').first();
      if ((await open.count()) === 0) break;
      const options = open.locator('input[type="radio"]');
      const labels = await open.locator('.q-option').allInnerTexts();
      await think(
        readingMs(await open.locator('legend').innerText()) +
          (first ? readingMs(labels.join(' ')) : 0) +
          TAP_MS,
      );
      first = false;
      await options.nth(Math.floor((await options.count()) / 2)).check();
      items += 1;
    }
    const before = heading;
    await form.locator('button[type="submit"]').click();
    await page.waitForFunction(
      (previous) => document.querySelector('h1')?.textContent !== previous,
      before,
    );
  }
  const ms = performance.now() - started;
  await context.close();
  return { kind: link.kind, ms, items, estimateMinutes } satisfies Timing;
}

async function inBatches<T, R>(all: T[], size: number, run: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let i = 0; i < all.length; i += size)
    results.push(...(await Promise.all(all.slice(i, i + size).map(run))));
  return results;
}

function quantile(sorted: number[], q: number) {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function summarise(label: string, timings: Timing[]) {
  for (const kind of ['intake', 'ordinary'] as const) {
    const of = timings.filter((t) => t.kind === kind);
    const seconds = of.map((t) => t.ms / 1000).sort((a, b) => a - b);
    const items = [...new Set(of.map((t) => t.items))].join('/');
    const estimates = [...new Set(of.map((t) => t.estimateMinutes))].join('/');
    console.log(
      `${label.padEnd(16)} ${kind.padEnd(9)} n=${of.length} items=${items} page says ~${estimates} min: ` +
        `median ${quantile(seconds, 0.5).toFixed(1)} s, IQR ${quantile(seconds, 0.25).toFixed(1)}–${quantile(seconds, 0.75).toFixed(1)} s`,
    );
  }
}

if (!existsSync(new URL('../dist/web/questionnaire.html', import.meta.url))) {
  console.error('Build the web app first: npx vite build');
  process.exit(1);
}
// Each link is answered once: n per kind with no think time, n others at the scripted pace.
const { handle, links } = await seed(2 * N);
const app = await buildApp({ db: handle.db, dialect: 'sqlite', clock, secret: SECRET });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const firstHalf = (kind: Link['kind']) => links.filter((l) => l.kind === kind).slice(0, N);
const secondHalf = (kind: Link['kind']) => links.filter((l) => l.kind === kind).slice(N);
const overhead = [...firstHalf('intake'), ...firstHalf('ordinary')];
const paced = [...secondHalf('intake'), ...secondHalf('ordinary')];
const unpaced: Timing[] = [];
for (const link of overhead) unpaced.push(await answer(browser, base, link, false));
summarise('no think time', unpaced);
summarise(
  'scripted pace',
  await inBatches(paced, PACED_AT_ONCE, (l) => answer(browser, base, l, true)),
);
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await browser.close();
await app.close();
await handle.close();
