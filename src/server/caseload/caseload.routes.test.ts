import { describe, expect, it } from 'vitest';
import { authClient, createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestCase, createTestPractice } from '../../../test/helpers/factories.ts';
import { createSupervisedPractice, useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { CaseloadEntry, CaseloadResponse } from '../../core/api/caseload.ts';
import { recomputeCaseAlerts } from '../alerts/recompute-case-alerts.service.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { createScoredCase, insertCaseViewPlan } from '../../../test/helpers/scored-case.fixture.ts';

const NOW = new Date('2026-11-10T12:00:00.000Z');
/** WAI-SR totals by session and member: both answer after session 1, only Alex after 2. */
const WAI_TOTALS: Record<string, number> = { '1:0': 40, '1:1': 36, '2:0': 50 };

describe.each(testDialects)('GET /api/caseload on %s', (dialect) => {
  const clock = () => NOW;
  const api = useTestApp(dialect, clock);
  const signedIn = api.signedIn;

  async function practiceWithCaseload() {
    const db = api.db;
    const { practice, therapist, supervisor } = await createSupervisedPractice(db, clock);
    const colleague = await createStaffWithPassword(db, practice, 'therapist');
    // Sessions 1–2 attended, 3 scheduled but already past (not "next"), 4 next week.
    const couple = await createScoredCase(db, clock, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['attended', 'attended', 'scheduled', 'scheduled'],
      firstSessionAt: '2026-10-27T09:00:00.000Z',
      wai: (session, member) => WAI_TOTALS[`${session}:${member}`] ?? null,
      phq: (session, member) => (session === 1 && member === 0 ? 12 : null),
      therapistTotal: (session) => (session === 1 ? 44 : null),
    });
    const individual = await createTestCase(db, practice, therapist.id, {
      attendance: ['cancelled'],
    });
    const closed = await createTestCase(db, practice, therapist.id);
    await db
      .updateTable('care_case')
      .set({ status: 'closed' })
      .where('id', '=', closed.careCase.id)
      .execute();
    const colleagues = await createTestCase(db, practice, colleague.id);
    return { practice, therapist, colleague, supervisor, couple, individual, colleagues };
  }

  it("gives a therapist their active cases with the numbers, counted from the real flow's scores", async () => {
    const { therapist, couple, individual } = await practiceWithCaseload();
    const client = await signedIn(therapist.email);
    const response = await client.call('GET', '/api/caseload');
    expect(response.statusCode).toBe(200);
    const { cases } = response.json() as CaseloadResponse;
    expect(cases.map((c) => c.id).sort()).toEqual(
      [couple.careCase.id, individual.careCase.id].sort(),
    );
    const row = cases.find((c) => c.id === couple.careCase.id)!;
    const [alex, sam] = couple.clients;
    expect(row).toMatchObject<Partial<CaseloadEntry>>({
      reference: couple.careCase.reference,
      type: 'couple',
      access: 'write',
      timeZone: 'Europe/London',
      attendedSessions: 2,
      // s1: Sam's PHQ-9 and s2: both members' and the therapist's forms are still open.
      outstandingForms: 4,
      nextSession: { number: 4, startsAt: '2026-11-17T09:00:00.000Z' },
      therapists: [{ staffUserId: therapist.id, displayName: therapist.displayName }],
    });
    expect(row.members.map((m) => m.displayName).sort()).toEqual(
      [`${alex!.givenName} ${alex!.familyName}`, `${sam!.givenName} ${sam!.familyName}`].sort(),
    );
    expect(
      row.clientAlliance.map((a) => [a.respondentId, a.sessionNumber, a.value]).sort(),
    ).toEqual(
      [
        [alex!.id, 2, 50],
        [sam!.id, 1, 36],
      ].sort(),
    );
    expect(row.therapistAlliance).toEqual([
      {
        respondentId: therapist.id,
        displayName: therapist.displayName,
        instrumentId: 'synthetic-therapist-alliance',
        sessionNumber: 1,
        value: 44,
      },
    ]);
    // Session 1: mean of 40 and 36; session 2: Alex alone.
    expect(row.allianceTrend).toEqual([
      { sessionNumber: 1, value: 38 },
      { sessionNumber: 2, value: 50 },
    ]);
    const empty = cases.find((c) => c.id === individual.careCase.id)!;
    expect(empty).toMatchObject({
      attendedSessions: 0,
      outstandingForms: 0,
      clientAlliance: [],
      therapistAlliance: [],
      allianceTrend: [],
    });
    // The factory's sessions are in the past: no next one.
    expect(empty.nextSession).toBeNull();
  });

  it("gives a supervisor their supervisee's cases read-only, and nobody else anything", async () => {
    const { practice, supervisor, colleague, couple, individual, colleagues } =
      await practiceWithCaseload();
    const asSupervisor = await (await signedIn(supervisor.email)).call('GET', '/api/caseload');
    const supervised = (asSupervisor.json() as CaseloadResponse).cases;
    expect(supervised.map((c) => [c.id, c.access]).sort()).toEqual(
      [
        [couple.careCase.id, 'read'],
        [individual.careCase.id, 'read'],
      ].sort(),
    );
    const asColleague = await (await signedIn(colleague.email)).call('GET', '/api/caseload');
    expect((asColleague.json() as CaseloadResponse).cases.map((c) => c.id)).toEqual([
      colleagues.careCase.id,
    ]);
    for (const role of ['admin', 'researcher', 'interpreter'] as const) {
      const user = await createStaffWithPassword(api.db, practice, role);
      const response = await (await signedIn(user.email)).call('GET', '/api/caseload');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ cases: [] });
    }
    // Another organization's therapist sees only their own organization.
    const elsewhere = await createTestPractice(api.db);
    const stranger = await createStaffWithPassword(api.db, elsewhere, 'therapist');
    const theirs = await (await signedIn(stranger.email)).call('GET', '/api/caseload');
    expect(theirs.json()).toEqual({ cases: [] });

    const anonymous = await authClient(api.app).call('GET', '/api/caseload');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });

  it("counts the alerts engine's unresolved alerts per case, urgent ones apart", async () => {
    const { practice, therapist, couple, individual } = await practiceWithCaseload();
    // Alex's PHQ-9 of 12 after session 1 answers item 9 with 1 (scored-case.fixture.ts):
    // a risk answer, which the engine raises as an urgent alert.
    await recomputeCaseAlerts(api.db, clock, practice.organization.id, couple.careCase.id);
    const unresolved = await api.db
      .selectFrom('alert')
      .select(['severity'])
      .where('case_id', '=', couple.careCase.id)
      .where('status', '!=', 'resolved')
      .where('severity', '!=', 'info')
      .execute();
    const { cases } = (
      await (await signedIn(therapist.email)).call('GET', '/api/caseload')
    ).json() as CaseloadResponse;
    const row = cases.find((c) => c.id === couple.careCase.id)!;
    expect(row.urgentAlerts).toBeGreaterThanOrEqual(1);
    expect(row.openAlerts).toBe(unresolved.length);
    expect(row.urgentAlerts).toBe(unresolved.filter((a) => a.severity === 'urgent').length);
    expect(cases.find((c) => c.id === individual.careCase.id)).toMatchObject({
      openAlerts: 0,
      urgentAlerts: 0,
    });
  });

  it('orders the caseload by what needs attention, then by the sooner next session', async () => {
    const db = api.db;
    const practice = await createTestPractice(db);
    await insertCaseViewPlan(db, clock, practice);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const weekly = (n: number) => Array.from({ length: n }, () => 'attended' as const);
    const scored = (
      attendance: Parameters<typeof createScoredCase>[4]['attendance'],
      firstSessionAt: string,
      wai: (session: number) => number | null,
      phq: number | null = 0,
    ) =>
      createScoredCase(db, clock, practice, therapist.id, {
        type: 'individual',
        members: 1,
        attendance,
        firstSessionAt,
        wai,
        phq: () => phq,
      });
    // Made in an order unlike the expected one. PHQ-9 of 12 answers item 9 with 1 (urgent);
    // mean item 4, 4, 4 then 2 is a rupture; five flat sessions at 2.5 miss the early
    // checkpoint (another warning); unanswered forms are outstanding; the rest have nothing.
    const later = await scored(['scheduled'], '2026-11-20T09:00:00.000Z', () => null);
    const forms = await scored(weekly(1), '2026-11-03T09:00:00.000Z', () => null, null);
    const never = await scored(['cancelled'], '2026-11-03T09:00:00.000Z', () => null);
    const checkpoint = await scored(weekly(5), '2026-10-06T09:00:00.000Z', () => 30);
    const soon = await scored(['scheduled'], '2026-11-12T09:00:00.000Z', () => null);
    const rupture = await scored(weekly(4), '2026-10-13T09:00:00.000Z', (s) => (s === 4 ? 24 : 48));
    const urgent = await scored(weekly(1), '2026-11-03T09:00:00.000Z', () => 48, 12);
    for (const made of [urgent, rupture, checkpoint])
      await recomputeCaseAlerts(db, clock, practice.organization.id, made.careCase.id);

    const response = await (await signedIn(therapist.email)).call('GET', '/api/caseload');
    expect(response.statusCode).toBe(200);
    const { cases } = response.json() as CaseloadResponse;
    expect(cases.map((c) => [c.id, c.attention])).toEqual([
      [urgent.careCase.id, 'urgent'],
      [rupture.careCase.id, 'rupture'],
      [checkpoint.careCase.id, 'alert'],
      [forms.careCase.id, 'forms'],
      [soon.careCase.id, 'none'],
      [later.careCase.id, 'none'],
      [never.careCase.id, 'none'],
    ]);
    expect(cases[0]).toMatchObject({ urgentAlerts: 1, outstandingForms: 0 });
    expect(cases[3]).toMatchObject({ openAlerts: 0, outstandingForms: 1 });
    expect(cases[4]!.nextSession?.startsAt).toBe('2026-11-12T09:00:00.000Z');
  });

  it('audits one caseload.read per request, with counts only', async () => {
    const { practice, therapist } = await practiceWithCaseload();
    const client = await signedIn(therapist.email);
    await client.call('GET', '/api/caseload');
    await client.call('GET', '/api/caseload');
    const events = await listAuditEvents(api.db, practice.organization.id, {
      action: 'caseload.read',
    });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actorType: 'staff',
      actorId: therapist.id,
      outcome: 'success',
      details: { cases: 2, readOnly: 0 },
    });
    expect(events[0]!.requestId).toBeTruthy();
    expect(JSON.stringify(events)).not.toContain('Synthetic');
  });
});
