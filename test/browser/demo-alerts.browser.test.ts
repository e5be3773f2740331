import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../../src/core/alerts/render-finding-message.ts';
import { parseStoredFindingMessage } from '../../src/core/alliance/finding-message.ts';
import { defaultMeasurementPlanEntries } from '../../src/core/measurement/default-measurement-plan.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { demoManifest } from '../../src/server/demo/generate-demo-measurements.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { useDemoBrowserServer } from '../helpers/seeded-demo-database.ts';
import { axeViolations } from '../helpers/browser-session.ts';

// Today at 00:00 UTC, as `rapport demo` anchors its practice: the history ends there.
const anchor = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
const SEED = 'harmonybridge';
const POLL = { timeout: 10_000 };

/**
 * Issue 6's "Done when", on the real demo practice: seeded as `rapport demo` seeds it (a small
 * one, into its own SQLite file), alerts recomputed as the demo command does, then a
 * therapist with an injected rupture finds it, reads why, records the repair, and the
 * supervisor sees it in the supervision queue.
 */
describe.skipIf(!browserAvailable())('the demo practice opens with its alerts, in Chromium', () => {
  const demo = useDemoBrowserServer({ seed: SEED, anchor });

  it('a therapist finds the injected rupture, reads why, records the repair; the supervisor sees it', async () => {
    const { db, base } = demo.server;
    // The manifest says where the generator put its ruptures; take one that never recovered,
    // whose alert the engine raised and nobody has resolved.
    const manifest = demoManifest(demo.practice.cases(), defaultMeasurementPlanEntries(), {
      seed: SEED,
      anchor,
    });
    const unrepaired = manifest.ruptures.filter((r) => r.repairedAt === null);
    expect(unrepaired.length).toBeGreaterThan(0);
    const alerts = await db
      .selectFrom('alert')
      .select([
        'id',
        'case_id',
        'session_number',
        'respondent_ids',
        'explanation_key',
        'explanation_params',
      ])
      .where('type', '=', 'rupture')
      .where('status', '!=', 'resolved')
      .where(
        'case_id',
        'in',
        unrepaired.map((r) => r.caseId),
      )
      .execute();
    const alert = alerts.find((a) =>
      unrepaired.some(
        (r) =>
          r.caseId === a.case_id && (JSON.parse(a.respondent_ids) as string[]).includes(r.clientId),
      ),
    );
    expect(alert, 'an open rupture alert where the manifest put a rupture').toBeDefined();
    const onset = Number(alert!.session_number);
    const careCase = await db
      .selectFrom('care_case')
      .select(['id', 'reference'])
      .where('id', '=', alert!.case_id)
      .executeTakeFirstOrThrow();
    const therapist = await db
      .selectFrom('case_therapist')
      .innerJoin('staff_user', 'staff_user.id', 'case_therapist.staff_user_id')
      .select(['staff_user.email', 'staff_user.display_name'])
      .where('case_therapist.case_id', '=', careCase.id)
      .orderBy('case_therapist.is_primary', 'desc')
      .executeTakeFirstOrThrow();

    const { context, page, errors } = await demo.server.openAs(therapist.email, {
      password: DEMO_PASSWORD,
      viewport: { width: 390, height: 844 },
    });

    // The caseload (the staff home) says why the case needs attention, and it ranks high.
    const row = page.locator(`[data-testid="caseload-row"][data-case-id="${careCase.id}"]`);
    await expect.poll(() => row.count(), POLL).toBe(1);
    const attention = await row.getByTestId('attention').getAttribute('data-attention');
    expect(['urgent', 'rupture']).toContain(attention);
    expect(await row.getByTestId('attention').textContent()).toBe(
      attention === 'urgent' ? 'Urgent alert' : 'Open rupture',
    );
    const firstAttention = await page
      .getByTestId('caseload-row')
      .first()
      .getByTestId('attention')
      .getAttribute('data-attention');
    expect(['urgent', 'rupture']).toContain(firstAttention);
    expect(await axeViolations(page)).toEqual([]);

    // The case page shows the alert at a glance, and the rupture on the alliance chart.
    await row.getByRole('link').first().click();
    await page.waitForURL(`${base}/cases/${careCase.id}`);
    const explanation = renderFindingMessageIn(
      'en',
      parseStoredFindingMessage(alert!.explanation_key, alert!.explanation_params),
    );
    const card = page.locator('article.alert-card').filter({ hasText: explanation });
    await expect.poll(() => card.count(), POLL).toBe(1);
    expect(await card.locator('h3').textContent()).toContain(`Alliance rupture · session ${onset}`);
    await card.getByText('Why this alert?').click();
    // In words and scores first; the rule's name and raw parameters one toggle further in.
    await expect
      .poll(() => card.getByRole('table', { name: 'Scores the rule looked at' }).isVisible())
      .toBe(true);
    expect(await card.getByText('detect-ruptures').isVisible()).toBe(false);
    await card.getByText('The rule and its parameters').click();
    await expect.poll(() => card.getByText('detect-ruptures').isVisible()).toBe(true);
    const chart = page.getByTestId('alliance-total-chart');
    await expect
      .poll(
        () => chart.locator(`[data-testid="rupture-marker"][data-session="${onset}"]`).count(),
        POLL,
      )
      .toBeGreaterThan(0);
    expect(await chart.locator('figcaption').textContent()).toMatch(
      new RegExp(`the alliance dropped at session ${onset}; (still open|not repaired)`),
    );
    expect(await axeViolations(page)).toEqual([]);

    // The repair, recorded from the alert.
    const alertsPanel = page.getByRole('region', { name: 'Alerts', exact: true });
    await card.getByRole('button', { name: 'Record a repair' }).click();
    const form = page.locator('form.repair-form');
    await expect.poll(() => form.count()).toBe(1);
    await form.getByLabel(/Withdrawal/).check();
    await form.getByLabel('What happened').fill('Synthetic note: quieter after the review.');
    await form.getByLabel('Acknowledge the rupture').check();
    await form.getByLabel('Partly resolved').check();
    await form.getByLabel('Flag this session for supervision').check();
    await form.getByRole('button', { name: 'Save repair' }).click();
    await expect
      .poll(() => alertsPanel.getByRole('status').textContent(), POLL)
      .toContain('Repair recorded.');

    // On the next visit the chart carries the recorded event too, in its caption and table.
    await page.reload();
    await expect
      .poll(
        () =>
          chart.locator(`[data-testid="rupture-event-marker"][data-session="${onset}"]`).count(),
        POLL,
      )
      .toBe(1);
    expect(await chart.locator('figcaption').textContent()).toContain(
      `Repair work recorded at session ${onset}: partly resolved (withdrawal).`,
    );
    await chart.getByRole('button', { name: 'Show as a table' }).click();
    expect(await chart.getByTestId('rupture-table').textContent()).toContain(
      'Repair work recorded',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    const { context: supervisorContext, page: supervising } = await demo.server.openAs(
      'supervisor@harmonybridge.example',
      { password: DEMO_PASSWORD },
    );
    await supervising.getByRole('link', { name: 'Supervision' }).click();
    await supervising.waitForURL(`${base}/supervision`);
    const alertsSection = supervising.getByRole('region', {
      name: "Your supervisees' open alerts",
    });
    await expect
      .poll(() => alertsSection.textContent(), POLL)
      .toContain(`Case ${careCase.reference}`);
    const flagged = supervising.getByRole('region', { name: 'Sessions flagged for supervision' });
    expect(await flagged.textContent()).toContain(
      `session ${onset}, recorded by ${therapist.display_name}: Partly resolved`,
    );
    expect(await axeViolations(supervising)).toEqual([]);
    await supervisorContext.close();
  }, 180_000);
});
