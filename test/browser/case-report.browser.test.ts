import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderFindingMessageIn } from '../../src/core/alerts/render-finding-message.ts';
import { parseStoredFindingMessage } from '../../src/core/alliance/finding-message.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { upsertReflectionNote } from '../../src/server/notes/reflection-note.repository.ts';
import { insertSupervisionNote } from '../../src/server/supervision/supervision.repository.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { useDemoBrowserServer } from '../helpers/demo-browser-server.ts';
import { axeViolations, signIn } from '../helpers/browser-session.ts';
import { pdfText } from '../helpers/pdf-text.ts';

const POLL = { timeout: 10_000 };
const words = (text: string) => text.replace(/\s+/g, ' ');

/**
 * Issue 19's items 5 and 6 on the demo practice (seeded as `rapport demo` seeds it): the
 * case report downloads from the case page and holds the sessions and alerts but no
 * reflection; the in-session view shows one client their own charts and nothing else, on
 * the page and in what the network carries, and leaving it asks for a sign-in.
 */
describe.skipIf(!browserAvailable())('the case report and the in-session view, in Chromium', () => {
  const demo = useDemoBrowserServer();

  it('prints the case report from the case page, shows a client only their own charts, and asks for sign-in to leave', async () => {
    const { db, base } = demo.server;
    // A case of two or more members with an open alert, and its therapist.
    const candidates = await db
      .selectFrom('alert')
      .innerJoin('case_member', 'case_member.case_id', 'alert.case_id')
      .select(['alert.case_id'])
      .select((eb) => eb.fn.count<string>('case_member.client_id').distinct().as('members'))
      .where('alert.status', '!=', 'resolved')
      .groupBy('alert.case_id')
      .orderBy('members', 'desc')
      .orderBy('alert.case_id')
      .execute();
    expect(candidates.length).toBeGreaterThan(0);
    const caseId = candidates[0]!.case_id;
    const careCase = await db
      .selectFrom('care_case')
      .select(['id', 'reference', 'organization_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const therapist = await db
      .selectFrom('case_therapist')
      .innerJoin('staff_user', 'staff_user.id', 'case_therapist.staff_user_id')
      .select(['staff_user.id', 'staff_user.email', 'staff_user.display_name'])
      .where('case_therapist.case_id', '=', caseId)
      .orderBy('case_therapist.is_primary', 'desc')
      .executeTakeFirstOrThrow();
    const members = await db
      .selectFrom('case_member')
      .innerJoin('client', 'client.id', 'case_member.client_id')
      .select(['client.id', 'client.given_name', 'client.family_name'])
      .where('case_member.case_id', '=', caseId)
      .orderBy('client.given_name')
      .execute();
    // Someone else in the room, whom the in-session view must not show.
    expect(members.length).toBeGreaterThan(1);
    const sessions = await db
      .selectFrom('therapy_session')
      .select(['id', 'number', 'attendance'])
      .where('case_id', '=', caseId)
      .orderBy('number')
      .execute();
    const openAlerts = await db
      .selectFrom('alert')
      .select(['explanation_key', 'explanation_params'])
      .where('case_id', '=', caseId)
      .where('status', '!=', 'resolved')
      .execute();
    const explanations = openAlerts.map((a) =>
      renderFindingMessageIn(
        'en',
        parseStoredFindingMessage(a.explanation_key, a.explanation_params),
      ),
    );

    // A private reflection and a supervision note, each with a marker found nowhere else.
    const reflection = `REFLECTION-${randomUUID()}`;
    const supervisionNote = `SUPERVISION-${randomUUID()}`;
    const now = new Date().toISOString();
    await upsertReflectionNote(db, {
      id: randomUUID(),
      organizationId: careCase.organization_id,
      sessionId: sessions[0]!.id,
      authorId: therapist.id,
      body: reflection,
      sharedWithSupervisor: true,
      createdAt: now,
      updatedAt: now,
    });
    await insertSupervisionNote(db, {
      id: randomUUID(),
      organization_id: careCase.organization_id,
      case_id: caseId,
      author_id: therapist.id,
      session_id: null,
      body: supervisionNote,
      created_at: now,
    });

    // A tablet, as in the session.
    const { context, page, errors } = await demo.server.openAs(therapist.email, {
      password: DEMO_PASSWORD,
      path: `/cases/${caseId}`,
      viewport: { width: 820, height: 1180 },
      acceptDownloads: true,
    });
    await expect.poll(() => page.getByTestId('case-page').count(), POLL).toBe(1);

    // The case report downloads from the case page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Print the case report (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`case-report-${careCase.reference}.pdf`);
    const text = pdfText(readFileSync((await download.path())!));
    const flat = words(text);
    expect(flat).toContain(`Case report: ${careCase.reference}`);
    const attended = sessions.filter((s) => s.attendance === 'attended').length;
    expect(flat).toContain(`${sessions.length} sessions: ${attended} attended`);
    expect(text.match(/\bAttended\b/g)?.length).toBe(attended);
    for (const explanation of explanations) expect(flat).toContain(words(explanation));
    expect(text).not.toContain(reflection);
    expect(text).not.toContain(supervisionNote);
    for (const m of members) expect(text).not.toContain(m.family_name);

    // Show the client: the first member.
    const [shown, ...others] = members;
    const responses: { url: string; body: string }[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/api/')) return;
      void response
        .text()
        .then((body) => responses.push({ url: response.url(), body }))
        .catch(() => undefined);
    });
    const form = page.getByTestId('show-client');
    await form.getByLabel('Client to show').selectOption(shown!.id);
    await form.getByRole('button', { name: 'Show the client' }).click();
    await page.waitForURL(`${base}/in-session`);
    const view = page.getByTestId('in-session');
    await expect
      .poll(() => view.getByRole('heading', { level: 1 }).textContent(), POLL)
      .toBe(`Your progress, ${shown!.given_name}`);
    await expect.poll(() => view.locator('figure').count(), POLL).toBeGreaterThan(0);
    expect(await view.getByTestId('in-session-alliance').count()).toBe(1);

    const forbidden = [
      ...others.flatMap((m) => [m.id, m.given_name, m.family_name]),
      shown!.family_name,
      therapist.display_name,
      reflection,
      supervisionNote,
      ...explanations.map((e) => e.slice(0, 40)),
    ];
    const pageText = await page.locator('body').innerText();
    for (const word of forbidden) expect(pageText, word).not.toContain(word);
    expect(await page.locator('.alert-card, [data-testid="case-page"]').count()).toBe(0);
    await expect.poll(() => responses.some((r) => r.url.endsWith('/api/in-session'))).toBe(true);
    const carried = responses.filter((r) => !r.url.includes(`/api/cases/${caseId}/in-session`));
    for (const response of carried)
      for (const word of [...forbidden, 'explanation', 'alertId'])
        expect(response.body, `${response.url} carries ${word}`).not.toContain(word);
    expect(await axeViolations(page)).toEqual([]);

    // Typing another address or reloading stays in the client's view.
    for (const path of [`/cases/${caseId}`, '/caseload', '/', '/in-session']) {
      await page.goto(`${base}${path}`);
      await page.waitForURL(`${base}/in-session`);
      await expect.poll(() => view.getByRole('heading', { level: 1 }).count(), POLL).toBe(1);
    }
    const refused = await page.evaluate(
      async (id) => (await fetch(`/api/cases/${id}`)).status,
      caseId,
    );
    expect(refused).toBe(403);

    // At 360 px too: nothing wider than the phone, still axe-clean.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Leaving asks for the therapist's sign-in, and then the case page is back.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('button', { name: 'Finish (therapist sign-in)' }).click();
    await page.waitForURL(`${base}/sign-in`);
    expect(await page.getByTestId('in-session-sign-in').textContent()).toContain(
      'Sign in to leave that view.',
    );
    await page.goBack();
    await page.waitForURL(`${base}/in-session`);
    await page.getByRole('button', { name: 'Finish (therapist sign-in)' }).click();
    await page.waitForURL(`${base}/sign-in`);
    await signIn(page, therapist.email, DEMO_PASSWORD);
    await page.waitForURL(`${base}/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-page').count(), POLL).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
