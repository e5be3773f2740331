import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeAlerts } from '../../src/server/alerts/recompute-all-alerts.service.ts';
import { listRequestsForSession } from '../../src/server/measurement/questionnaire-request.repository.ts';
import { listScoresForCase } from '../../src/server/measurement/questionnaire-response.repository.ts';
import { submitResponse } from '../../src/server/measurement/submit-response.service.ts';
import { recordAttendance } from '../../src/server/measurement/record-attendance.service.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';
import { everySession, insertTestPlan } from '../helpers/plan.fixture.ts';
import { waiAnswers } from '../helpers/questionnaire-fixture.ts';

const SECRET = 'session-rating-secret-0123456789-abcdef-012';

/**
 * Rapport's own therapist rating (goal, task, bond, tension) from the session page: the
 * therapist answers it after the session, it is scored on the WAI-SR's metric, the case shows
 * a therapist line beside the client's, and a gap of a point or more on goals is flagged.
 */
describe.skipIf(!browserAvailable())('the therapist rates the session in Chromium', () => {
  let server: BrowserServer;
  const clock = () => new Date();
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', clock, secret: SECRET });
  });
  afterAll(() => server?.close());

  it('answers the four questions from the session page; the case gets a therapist line and a disagreement alert', async () => {
    const { db, base } = server;
    const practice = await createTestPractice(db);
    const orgId = practice.organization.id;
    const therapist = await createStaffWithPassword(db, practice);
    await insertTestPlan(db, practice, {
      name: 'Alliance both sides',
      entries: [everySession('wai-sr'), everySession('therapist-session-rating', 'therapist')],
      effectiveFrom: '2020-01-01T00:00:00.000Z',
    });
    const made = await createTestCase(db, practice, therapist.id, { attendance: ['scheduled'] });
    const session = made.sessions[0]!;
    await recordAttendance(
      db,
      clock,
      SECRET,
      { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
      { type: 'system', id: null },
    );
    const requests = await listRequestsForSession(db, orgId, session.id);
    const clientRequest = requests.find((r) => r.respondentKind === 'client')!;
    expect(requests.find((r) => r.respondentKind === 'therapist')?.instruments).toEqual([
      'therapist-session-rating',
    ]);
    // The client sees little agreement on goals: every WAI-SR item 2 (mean item 2).
    await submitResponse(
      db,
      clock,
      {
        organizationId: orgId,
        requestId: clientRequest.id,
        submissionId: randomUUID(),
        instrumentId: 'wai-sr',
        answers: waiAnswers(2),
      },
      { type: 'client', id: clientRequest.clientId! },
    );

    const { page, context, errors } = await server.openAs(therapist.email, {
      viewport: { width: 360, height: 780 },
      timeout: 20_000,
    });
    await page.goto(`${base}/sessions/${session.id}`);
    const started = Date.now();
    await page.getByRole('link', { name: 'Answer your own form for this session now' }).click();
    await page
      .getByRole('heading', { name: 'Therapist session rating (Rapport, non-standardised)' })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const answer = async (question: RegExp, label: string) =>
      page.getByRole('group', { name: question }).getByLabel(label, { exact: true }).check();
    await answer(/agreed on the goals/, 'Always');
    await answer(/agreed on how we work/, 'Always');
    await answer(/bond of trust/, 'Very Often');
    await answer(/tension, misunderstanding/, 'Not at all');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    const seconds = (Date.now() - started) / 1000;
    console.log(`therapist session rating: scripted answering took ${seconds.toFixed(1)} s`);

    const scores = await listScoresForCase(db, orgId, made.careCase.id);
    const rating = Object.fromEntries(
      scores
        .filter((s) => s.instrumentId === 'therapist-session-rating')
        .map((s) => [s.scaleId, s.value]),
    );
    expect(rating).toEqual({ total: 14 / 3, goal: 5, task: 5, bond: 4, tension: 0 });

    await recomputeAlerts(db, clock, { organizationId: orgId });
    const view = await page.evaluate(async (id) => {
      const read = async (url: string) => (await fetch(url)).json();
      return {
        alliance: ((await read(`/api/cases/${id}`)) as { alliance: unknown[] }).alliance as {
          side: string;
          instrumentId: string;
          scale: string;
        }[],
        alerts: ((await read(`/api/cases/${id}/alerts`)) as { alerts: unknown[] }).alerts as {
          type: string;
          severity: string;
        }[],
      };
    }, made.careCase.id);
    const lines = view.alliance.map((a) => `${a.side}:${a.instrumentId}:${a.scale}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'client:wai-sr:goal',
        'therapist:therapist-session-rating:goal',
        'therapist:therapist-session-rating:task',
        'therapist:therapist-session-rating:bond',
      ]),
    );
    // D = 2 − 5 on goals and tasks: the therapist sees far more agreement than the client.
    expect(view.alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'client-therapist-discrepancy', severity: 'warning' }),
      ]),
    );
    // The alert says which therapist form it compared.
    await page.goto(`${base}/cases/${made.careCase.id}`);
    const card = page
      .locator('article.alert-card')
      .filter({ hasText: 'Client and therapist see it differently' });
    await card.first().getByText('Why this alert?').click();
    await expect
      .poll(() =>
        card
          .first()
          .getByText(
            'The therapist’s view came from: Rapport’s therapist session rating (non-standardised).',
          )
          .isVisible(),
      )
      .toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
