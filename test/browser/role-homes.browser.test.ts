import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { DEMO_STUDY_TITLE } from '../../src/server/demo/demo-study-seed.repository.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { type BrowserServer, axeViolations } from '../helpers/browser-session.ts';
import { startDemoBrowserServer } from '../helpers/demo-browser-server.ts';

const POLL = { timeout: 10_000 };

/**
 * Issue 19, item 1 on the demo practice: every role's home shows its own work — the admin's
 * clinics and what needs doing, the supervisor's queue by therapist and case, the
 * interpreter's coming sessions with their practical details, the researcher's studies —
 * and the front page says what exists.
 */
describe.skipIf(!browserAvailable())('a home for every role on the demo, in Chromium', () => {
  let server: BrowserServer;
  let organizationId = '';
  beforeAll(async () => {
    ({ server, organizationId } = await startDemoBrowserServer());
  }, 180_000);
  afterAll(() => server?.close());

  const open = (email: string) =>
    server.openAs(email, { password: DEMO_PASSWORD, viewport: { width: 390, height: 844 } });

  it('the front page says what Rapport is and how clients answer, with no placeholder', async () => {
    const page = await server.browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${server.base}/`);
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('running');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('personal link their clinic sends them');
    expect(text).not.toContain('being built');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("the admin's home lists their clinics and what needs doing", async () => {
    const { db } = server;
    const { context, page, errors } = await open('admin@harmonybridge.example');
    const todo = page.getByRole('region', { name: 'What needs doing' });
    await expect.poll(() => todo.isVisible(), POLL).toBe(true);
    // Nobody of the demo has a second factor (it runs password-only): all are listed.
    const active = await db
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    await expect
      .poll(() => page.getByTestId('admin-no-second-factor').locator('li').count(), POLL)
      .toBe(Number(active.n));
    // A long list is folded behind "Show all N" so the clinics stay within reach on a phone.
    const names = page.getByTestId('admin-no-second-factor');
    expect(Number(active.n)).toBeGreaterThan(5);
    expect(await names.isVisible()).toBe(false);
    await todo.getByText(`Show all ${active.n}`).click();
    expect(await names.isVisible()).toBe(true);
    const clinics = await db
      .selectFrom('clinic')
      .select('name')
      .where('organization_id', '=', organizationId)
      .execute();
    expect(await page.getByTestId('admin-clinic').count()).toBe(clinics.length);
    expect(await page.getByTestId('admin-recent-audit').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Measurement plans' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the supervisor's home groups the queue by their supervisees, then case", async () => {
    const { db } = server;
    const { context, page, errors } = await open('supervisor@harmonybridge.example');
    const supervisor = await db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', 'supervisor@harmonybridge.example')
      .executeTakeFirstOrThrow();
    const supervisees = await db
      .selectFrom('supervision')
      .innerJoin('staff_user', 'staff_user.id', 'supervision.supervisee_id')
      .select('staff_user.display_name')
      .where('supervision.supervisor_id', '=', supervisor.id)
      .execute();
    const groups = page.getByTestId('supervision-therapist');
    await expect.poll(() => groups.count(), POLL).toBeGreaterThan(0);
    const names = await groups.locator('h3').allTextContents();
    for (const name of names) expect(supervisees.map((s) => s.display_name)).toContain(name);
    expect(await groups.first().getByTestId('supervision-case').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the interpreter's home shows coming sessions first, each opening its practical details", async () => {
    const { db } = server;
    // An interpreter of the demo who has sessions.
    const interpreter = await db
      .selectFrom('interpreter')
      .innerJoin('staff_user', 'staff_user.id', 'interpreter.staff_user_id')
      .innerJoin('therapy_session', 'therapy_session.interpreter_id', 'interpreter.id')
      .select(['interpreter.id', 'staff_user.email'])
      .where('interpreter.organization_id', '=', organizationId)
      .groupBy(['interpreter.id', 'staff_user.email'])
      .orderBy('staff_user.email')
      .executeTakeFirstOrThrow();
    const sessions = await db
      .selectFrom('therapy_session')
      .select('ends_at')
      .where('interpreter_id', '=', interpreter.id)
      .execute();
    const now = new Date().toISOString();
    const coming = sessions.filter((s) => s.ends_at >= now).length;
    const { context, page, errors } = await open(interpreter.email);
    const upcoming = page.getByRole('region', { name: 'Coming up' });
    await expect.poll(() => upcoming.isVisible(), POLL).toBe(true);
    expect(await upcoming.getByTestId('interpreter-session').count()).toBe(coming);
    const past = page.getByRole('region', { name: 'Past sessions' });
    expect(await past.getByTestId('interpreter-session').count()).toBe(sessions.length - coming);
    const first = page.getByTestId('interpreter-session').first();
    await first.locator('summary').click();
    await expect.poll(() => first.getByText('Where').isVisible()).toBe(true);
    expect(await first.textContent()).toContain('Therapist');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the researcher's home lists the studies they belong to", async () => {
    const { context, page, errors } = await open('researcher@harmonybridge.example');
    const studies = page.getByRole('region', { name: 'Studies' });
    await expect.poll(() => studies.getByTestId('study-row').count(), POLL).toBeGreaterThan(0);
    expect(await studies.textContent()).toContain(DEMO_STUDY_TITLE);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
