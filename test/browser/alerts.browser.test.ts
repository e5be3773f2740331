import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitClientForms, waiAnswers } from '../helpers/alert-test-scenario.ts';
import { recomputeCaseAlerts } from '../../src/server/alerts/recompute-case-alerts.service.ts';
import { insertSupervision } from '../../src/server/staff/staff.repository.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';

describe.skipIf(!browserAvailable())('alerts, repair and supervision in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('the therapist sees a rupture alert, reads why, records the repair; the supervisor sees it queued', async () => {
    const { db, base } = server;
    const practice = await createTestPractice(db);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
    await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
    const made = await createTestCase(db, practice, therapist.id, {
      attendance: ['attended', 'attended', 'attended', 'attended', 'scheduled'],
    });
    const target = {
      organizationId: practice.organization.id,
      caseId: made.careCase.id,
      clientId: made.clients[0]!.id,
    };
    const clock = () => new Date();
    for (const [i, value] of [4, 4, 4, 2].entries())
      await submitClientForms(db, clock, target, made.sessions[i]!.id, {
        'wai-sr': waiAnswers(value),
      });
    await recomputeCaseAlerts(db, clock, target.organizationId, target.caseId);

    const { context, page, errors } = await server.openAs(therapist.email, {
      path: `/cases/${made.careCase.id}/alerts`,
      viewport: { width: 320, height: 800 },
    });

    const card = page.locator('article.alert-card').first();
    await expect.poll(() => card.textContent()).toContain('Alliance rupture');
    expect(await card.textContent()).toContain(
      "Overall alliance fell from 4.0 to 2.0 after session 4, more than 1.5 × the usual spread of alliance scores between clients (wider than this client's own variation).",
    );
    await card.getByText('Why this alert?').click();
    // In words and scores first; the rule's name and raw parameters one toggle further in.
    await expect
      .poll(() => card.getByRole('table', { name: 'Scores the rule looked at' }).isVisible())
      .toBe(true);
    expect(await card.getByText('detect-ruptures').isVisible()).toBe(false);
    await card.getByText('The rule and its parameters').click();
    await expect.poll(() => card.getByText('detect-ruptures').isVisible()).toBe(true);
    // Nothing wider than the 320 px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    expect(await axeViolations(page)).toEqual([]);

    // The page also holds the supervision notes, with a status line of their own.
    const alertsPanel = page.getByRole('region', { name: 'Alerts', exact: true });
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect
      .poll(() => alertsPanel.getByRole('status').textContent())
      .toContain('Alert acknowledged.');
    await expect.poll(() => card.textContent()).toContain('Acknowledged');

    await card.getByRole('button', { name: 'Record a repair' }).click();
    const form = page.locator('form.repair-form');
    await expect
      .poll(() => form.getByLabel('Session', { exact: true }).inputValue())
      .toBe(made.sessions[3]!.id);
    await form.getByLabel(/Withdrawal/).check();
    await form.getByLabel('What happened').fill('Went quiet after the homework review.');
    await form.getByLabel(/Metacommunicate/).check();
    await form.getByLabel('Acknowledge the rupture').check();
    await form.getByLabel('Partly resolved').check();
    await form.getByLabel('Flag this session for supervision').check();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save repair' }).click();
    await expect
      .poll(() => alertsPanel.getByRole('status').textContent())
      .toContain('Repair recorded.');

    // In Spanish, the same alert explains itself in Spanish, with Spanish numbers.
    await page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => card.textContent())
      .toContain('La alianza global cayó de 4,0 a 2,0 tras la sesión 4, más de 1,5 ×');
    expect(errors).toEqual([]);
    await context.close();

    const { context: supervisorContext, page: supervising } = await server.openAs(supervisor.email);
    await supervising.getByRole('link', { name: 'Supervision' }).click();
    await supervising.waitForURL(`${base}/supervision`);
    // The queue is grouped by therapist, then case.
    const alertsSection = supervising.getByRole('region', { name: therapist.displayName });
    await expect
      .poll(() => alertsSection.textContent())
      .toContain(`Case ${made.careCase.reference}`);
    expect(await alertsSection.textContent()).toContain('Acknowledged');
    expect(await alertsSection.textContent()).toContain(
      'Overall alliance fell from 4.0 to 2.0 after session 4, more than 1.5 ×',
    );
    expect(await alertsSection.textContent()).toContain(
      `session 4, recorded by ${therapist.displayName}: Partly resolved`,
    );
    expect(await alertsSection.textContent()).toContain(
      'What happened: Went quiet after the homework review.',
    );
    expect(await axeViolations(supervising)).toEqual([]);
    // The supervisor reads the case's alerts but has no buttons to change them.
    await alertsSection.getByRole('link', { name: `Case ${made.careCase.reference}` }).click();
    await supervising.waitForURL(`${base}/cases/${made.careCase.id}/alerts`);
    await expect
      .poll(() => supervising.locator('article.alert-card').first().textContent())
      .toContain('Alliance rupture');
    expect(await supervising.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await supervising.getByRole('button', { name: 'Record a repair' }).count()).toBe(0);
    // On the case's time line, the repair says what happened.
    await supervising.goto(`${base}/cases/${made.careCase.id}`);
    await expect
      .poll(() => supervising.getByTestId('rupture-event-summary').first().textContent())
      .toContain('What happened: Went quiet after the homework review.');
    await supervisorContext.close();
  });

  it('in a couple, each alert names the member it is about', async () => {
    const { db } = server;
    const practice = await createTestPractice(db);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const made = await createTestCase(db, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['attended', 'attended', 'attended', 'attended', 'scheduled'],
    });
    const clock = () => new Date();
    // The first partner stays at 4; the second falls to 2 at session 4: a rupture for the
    // second only, and a split between the two.
    for (const [m, values] of [
      [0, [4, 4, 4, 4]],
      [1, [4, 4, 4, 2]],
    ] as const) {
      const target = {
        organizationId: practice.organization.id,
        caseId: made.careCase.id,
        clientId: made.clients[m]!.id,
      };
      for (const [i, value] of values.entries())
        await submitClientForms(db, clock, target, made.sessions[i]!.id, {
          'wai-sr': waiAnswers(value),
        });
    }
    await recomputeCaseAlerts(db, clock, practice.organization.id, made.careCase.id);

    const { context, page, errors } = await server.openAs(therapist.email, {
      path: `/cases/${made.careCase.id}/alerts`,
    });
    const cards = page.locator('article.alert-card');
    const rupture = cards.filter({ hasText: 'Alliance rupture' }).first();
    await expect.poll(() => rupture.textContent()).toContain('About Client2');
    expect(await rupture.textContent()).not.toContain('Client1');
    const split = cards.filter({ hasText: 'ranged from 2.0 to 4.0' }).first();
    expect(await split.textContent()).toContain('About Client1 and Client2');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
