import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitClientForms, waiAnswers } from '../helpers/alert-test-scenario.ts';
import { recomputeCaseAlerts } from '../../src/server/alerts/recompute-case-alerts.service.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  type OpenPageOptions,
  type OpenedPage,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase } from '../helpers/factories.ts';
import { TEST_SECRET, caseWithOpenRequest } from '../helpers/questionnaire-fixture.ts';
import { signedIn } from '../helpers/auth-client.ts';
import { createRolePractice } from '../helpers/role-practice.ts';

// Issue 4: markup typed into any free-text field stays text in every view. Each payload would
// set window.__xss if a page ever turned it into HTML or a link.
const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '"><script>window.__xss=1</script>';
const JS = 'javascript:window.__xss=1';

const field = {
  organization: `Practice ${SCRIPT}`,
  clinic: `Clinic ${IMG}`,
  therapist: `Thera ${SCRIPT}`,
  supervisor: `Super ${IMG}`,
  admin: `Admin ${JS}`,
  interpreter: `Interp ${IMG}`,
  givenName: `Ana${IMG}`,
  familyName: `Fam${SCRIPT}`,
  reference: `R-${IMG}`,
  // Seeded although no page shows presenting concerns yet: the day one does, it is covered.
  concernImg: `worry ${IMG}`,
  concernJs: JS,
  reflection: `Reflection ${SCRIPT} ${IMG} ${JS}`,
  supervisionNote: `Supervision ${IMG} ${JS}`,
  // Like the concerns, a rupture's description is stored but no page shows it yet.
  rupture: `Rupture ${SCRIPT} ${JS}`,
  resolveNote: `Resolved ${IMG} ${JS}`,
  notice: `Notice ${IMG} ${SCRIPT} ${JS}`,
  plan: `Plan ${IMG}`,
};

describe.skipIf(!browserAvailable())('free text stays text in every view, in Chromium', () => {
  let server: BrowserServer;
  let base: string;
  let seeded: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', secret: TEST_SECRET });
    base = server.base;
    seeded = await seed();
  });
  afterAll(() => server?.close());

  /**
   * One practice with every role and a payload in every free-text field: names and case
   * details in the database (no staff route writes them), everything staff type through the
   * HTTP API, so the same validation a browser meets applies.
   */
  async function seed() {
    const { db, app } = server;
    const roles = await createRolePractice(db);
    const { practice, staff } = roles;
    const orgId = practice.organization.id;
    // A case of therapist 1 whose scores fall: a rupture alert, charts and a table to draw.
    const made = await createTestCase(db, practice, staff.therapist1.id, {
      attendance: ['attended', 'attended', 'attended', 'attended', 'scheduled'],
    });
    const target = {
      organizationId: orgId,
      caseId: made.careCase.id,
      clientId: made.clients[0]!.id,
    };
    const clock = () => new Date();
    for (const [i, value] of [4, 4, 4, 2].entries())
      await submitClientForms(db, clock, target, made.sessions[i]!.id, {
        'wai-sr': waiAnswers(value),
      });
    await recomputeCaseAlerts(db, clock, orgId, made.careCase.id);
    const session = made.sessions[3]!;
    // The client questionnaire of another case of the same clinic, with its link.
    const questionnaire = await caseWithOpenRequest(db, clock, { practice });

    await db
      .updateTable('organization')
      .set({ name: field.organization })
      .where('id', '=', orgId)
      .execute();
    for (const [id, name] of [
      [staff.therapist1.id, field.therapist],
      [staff.supervisor.id, field.supervisor],
      [staff.admin.id, field.admin],
    ] as const)
      await db.updateTable('staff_user').set({ display_name: name }).where('id', '=', id).execute();
    await db
      .updateTable('interpreter')
      .set({ display_name: field.interpreter })
      .where('id', '=', roles.interpreter.id)
      .execute();
    await db
      .updateTable('client')
      .set({ given_name: field.givenName, family_name: field.familyName })
      .where('id', '=', made.clients[0]!.id)
      .execute();
    await db
      .updateTable('care_case')
      .set({
        reference: field.reference,
        presenting_concerns: JSON.stringify([field.concernImg, field.concernJs]),
      })
      .where('id', '=', made.careCase.id)
      .execute();
    await db
      .updateTable('therapy_session')
      .set({ interpreter_id: roles.interpreter.id })
      .where('id', '=', session.id)
      .execute();

    const ok = (response: { statusCode: number; body: string }, status: number) => {
      if (response.statusCode !== status)
        throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
    };
    const admin = await signedIn(app, staff.admin.email);
    ok(
      await admin.call('PATCH', `/api/admin/clinics/${practice.clinic.id}`, { name: field.clinic }),
      200,
    );
    ok(
      await admin.call('PUT', `/api/admin/clinics/${practice.clinic.id}/data-notice`, {
        text: field.notice,
      }),
      200,
    );
    ok(
      await admin.call('POST', '/api/admin/measurement-plans', {
        clinicId: practice.clinic.id,
        caseType: null,
        name: field.plan,
        entries: [
          {
            instrumentId: 'wai-sr',
            respondent: 'client-member',
            schedule: { kind: 'every-session' },
          },
        ],
      }),
      201,
    );
    const therapist = await signedIn(app, staff.therapist1.email);
    ok(
      await therapist.call('PUT', `/api/sessions/${session.id}/reflection`, {
        body: field.reflection,
        sharedWithSupervisor: true,
      }),
      200,
    );
    const alerts = await therapist.call('GET', `/api/cases/${made.careCase.id}/alerts`);
    ok(alerts, 200);
    const alertId = (alerts.json() as { alerts: { id: string }[] }).alerts[0]!.id;
    ok(
      await therapist.call('POST', `/api/alerts/${alertId}/resolve`, { note: field.resolveNote }),
      200,
    );
    ok(
      await therapist.call('POST', `/api/cases/${made.careCase.id}/rupture-events`, {
        sessionId: session.id,
        markers: [],
        strategies: [],
        description: field.rupture,
        outcome: 'partly',
        flaggedForSupervision: true,
      }),
      201,
    );
    // A session's language is a BCP 47 tag: markup is refused and nothing changes.
    const language = await therapist.call('PATCH', `/api/sessions/${session.id}`, {
      language: IMG,
    });
    expect(language.statusCode).toBe(400);
    expect(language.body).toContain('language');
    ok(await therapist.call('PATCH', `/api/sessions/${session.id}`, { language: 'es' }), 200);
    const supervisor = await signedIn(app, staff.supervisor.email);
    ok(
      await supervisor.call('POST', `/api/cases/${made.careCase.id}/supervision-notes`, {
        body: field.supervisionNote,
        sessionId: session.id,
      }),
      201,
    );
    return { roles, made, session, questionnaire };
  }

  /**
   * A signed-in (or, for a client, anonymous) browser at 320 px whose errors are kept: page
   * errors, dialogs (dismissed) and Content-Security-Policy violations.
   */
  function openAs(email: string | null) {
    const options: OpenPageOptions = {
      viewport: { width: 320, height: 800 },
      timeout: 8_000,
      failOnDialog: true,
    };
    return email ? server.openAs(email, options) : server.openPage(options);
  }

  /** What a person can read on the page: its text and the values of its fields. */
  const readable = (page: Page) =>
    page.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea, select')].map(
        (e) => (e as HTMLInputElement).value,
      );
      return [document.body.innerText, ...values].join('\n');
    });

  /** No payload ran, became an element or a link, and each expected one reads as text. */
  async function expectInert(browsing: OpenedPage, expected: string[]) {
    const { page } = browsing;
    for (const text of expected)
      await expect.poll(() => readable(page), { timeout: 8_000 }).toContain(text);
    // Let a broken image fire its onerror, were there one.
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"], a[href^="javascript:" i]').count()).toBe(0);
    expect(
      await page.evaluate(
        () => [...document.scripts].filter((s) => s.textContent?.includes('__xss')).length,
      ),
    ).toBe(0);
    // Dialogs and CSP violations are counted among the page's errors.
    expect(browsing.errors).toEqual([]);
  }

  async function visit(browsing: OpenedPage, path: string, expected: string[]) {
    await browsing.page.goto(`${base}${path}`);
    await expectInert(browsing, expected);
  }

  const closeAll = async (...contexts: BrowserContext[]) => {
    for (const c of contexts) await c.close();
  };

  it('the therapist: caseload, case page with charts and tables, alerts, session, forms, interpreters', async () => {
    const { made, session } = seeded;
    const caseId = made.careCase.id;
    const browsing = await openAs(seeded.roles.staff.therapist1.email);
    await expectInert(browsing, [field.therapist]);
    await visit(browsing, '/caseload', [field.reference, field.givenName, field.familyName]);
    await visit(browsing, `/cases/${caseId}`, [
      field.reference,
      field.givenName,
      field.familyName,
      field.clinic,
    ]);
    // Every chart's table view as well.
    const toggles = browsing.page.getByRole('button', { name: 'Show as a table', pressed: false });
    await expect.poll(() => toggles.count()).toBeGreaterThan(0);
    for (let left = await toggles.count(); left > 0; left--) await toggles.first().click();
    expect(await toggles.count()).toBe(0);
    await expectInert(browsing, [field.reference, field.givenName]);
    await visit(browsing, `/cases/${caseId}/alerts`, [
      field.resolveNote,
      field.supervisionNote,
      field.supervisor,
    ]);
    await visit(browsing, `/sessions/${session.id}`, [
      field.reference,
      field.reflection,
      field.interpreter,
    ]);
    await visit(browsing, '/forms', []);
    await visit(browsing, `/cases/${caseId}/sessions/new`, [field.interpreter]);
    await closeAll(browsing.context);
  }, 120_000);

  it('the supervisor: queue, case alerts with notes, the shared reflection', async () => {
    const { made, session } = seeded;
    const browsing = await openAs(seeded.roles.staff.supervisor.email);
    await visit(browsing, '/supervision', [field.reference, field.therapist]);
    await visit(browsing, '/caseload', [field.reference]);
    await visit(browsing, `/cases/${made.careCase.id}`, [field.reference, field.givenName]);
    await visit(browsing, `/cases/${made.careCase.id}/alerts`, [
      field.supervisionNote,
      field.resolveNote,
    ]);
    await visit(browsing, `/sessions/${session.id}`, [field.reflection, field.interpreter]);
    await closeAll(browsing.context);
  }, 60_000);

  it('the admin: every administration page', async () => {
    const browsing = await openAs(seeded.roles.staff.admin.email);
    await expectInert(browsing, [field.admin]);
    await visit(browsing, '/admin', []);
    // The admin home links every administration page, the alliance rules included.
    await browsing.page.getByRole('link', { name: 'Alliance rule settings' }).click();
    await browsing.page.waitForURL(`${base}/admin/alliance-settings`);
    await visit(browsing, '/admin/clinics', [field.clinic]);
    await visit(browsing, '/admin/staff', [field.therapist, field.supervisor, field.admin]);
    await visit(browsing, '/admin/plans', [field.plan, field.clinic]);
    await visit(browsing, '/admin/audit', []);
    await visit(browsing, '/admin/alliance-settings', [field.clinic]);
    await closeAll(browsing.context);
  }, 60_000);

  it('the interpreter: their sessions', async () => {
    const browsing = await openAs(seeded.roles.staff.interpreter.email);
    await visit(browsing, '/interpreter', [field.reference]);
    await closeAll(browsing.context);
  });

  it('would notice a payload: injected as HTML, the image payload is blocked by the CSP and flagged', async () => {
    const browsing = await openAs(null);
    await browsing.page.goto(`${base}/sign-in`);
    await browsing.page.evaluate(() => {
      const w = window as { __blocked?: string[] };
      w.__blocked = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__blocked!.push(e.effectiveDirective);
      });
    });
    await browsing.page.evaluate((html) => {
      document.body.insertAdjacentHTML('beforeend', html);
    }, IMG);
    expect(await browsing.page.locator('img[src="x"]').count()).toBe(1);
    // The browser refuses the inline onerror handler: the policy fires, the payload does not.
    await expect
      .poll(() => browsing.page.evaluate(() => (window as { __blocked?: string[] }).__blocked))
      .toEqual([expect.stringMatching(/^script-src/)]);
    expect(
      await browsing.page.evaluate(() => (window as { __xss?: unknown }).__xss),
    ).toBeUndefined();
    await expect.poll(() => browsing.errors.join('\n')).toContain('Content Security Policy');
    await expect(expectInert(browsing, [])).rejects.toThrow();

    // A payload that did run, by whatever way, is flagged as well.
    const ran = await openAs(null);
    await ran.page.goto(`${base}/sign-in`);
    await ran.page.evaluate(() => {
      (window as { __xss?: unknown }).__xss = 1;
    });
    await expect(expectInert(ran, [])).rejects.toThrow(/undefined/);
    await closeAll(browsing.context, ran.context);
  });

  it("the client: the clinic's data notice before the forms", async () => {
    const browsing = await openAs(null);
    await browsing.page.goto(`${base}/q/${seeded.questionnaire.token}`);
    await browsing.page.waitForURL(`${base}/questionnaire`);
    await expectInert(browsing, [field.notice]);
    await closeAll(browsing.context);
  });
});
