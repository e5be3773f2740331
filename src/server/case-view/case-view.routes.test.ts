import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authClient, createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { createSupervisedPractice, useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import type { CaseViewResponse } from '../../core/api/case-view.ts';
import { recomputeCaseAlerts } from '../alerts/recompute-case-alerts.service.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { insertSupervision } from '../staff/staff.repository.ts';
import {
  SYNTHETIC_THERAPIST_FORM,
  createScoredCase,
  insertCaseViewPlan,
} from '../../../test/helpers/scored-case.fixture.ts';

const NOW = new Date('2026-11-10T12:00:00.000Z');
/** WAI-SR totals by session and member: both answer after session 1, only Alex after 2. */
const WAI_TOTALS: Record<string, number> = { '1:0': 40, '1:1': 36, '2:0': 50 };

describe.each(testDialects)('GET /api/cases/:caseId on %s', (dialect) => {
  const clock = () => NOW;
  const api = useTestApp(dialect, clock);
  const signedIn = api.signedIn;

  async function coupleCase() {
    const db = api.db;
    const { practice, therapist, supervisor } = await createSupervisedPractice(db, clock);
    const made = await createScoredCase(db, clock, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['attended', 'attended', 'no-show', 'scheduled'],
      firstSessionAt: '2026-10-27T09:00:00.000Z',
      wai: (session, member) => WAI_TOTALS[`${session}:${member}`] ?? null,
      phq: (session, member) => (member === 0 ? ({ 1: 12, 2: 7 }[session] ?? null) : null),
      therapistTotal: (session) => (session === 1 ? 44 : null),
      interpretedSessions: [2],
    });
    return { practice, therapist, supervisor, ...made };
  }

  it('shows the therapist the case: people, sessions with forms, and the score series', async () => {
    const { therapist, careCase, clients, sessions } = await coupleCase();
    const response = await (
      await signedIn(therapist.email)
    ).call('GET', `/api/cases/${careCase.id}`);
    expect(response.statusCode).toBe(200);
    const view = response.json() as CaseViewResponse;
    const [alex, sam] = clients;
    expect(view.access).toBe('write');
    expect(view.case).toMatchObject({
      id: careCase.id,
      reference: careCase.reference,
      type: 'couple',
      timeZone: 'Europe/London',
    });
    expect(view.members.map((m) => m.clientId).sort()).toEqual([alex!.id, sam!.id].sort());
    expect(view.therapists).toEqual([
      { staffUserId: therapist.id, displayName: therapist.displayName, isPrimary: true },
    ]);

    expect(view.sessions.map((s) => [s.number, s.attendance, s.language])).toEqual([
      [1, 'attended', 'en'],
      [2, 'attended', 'es'],
      [3, 'no-show', 'en'],
      [4, 'scheduled', 'en'],
    ]);
    expect(view.sessions[1]!.interpreterName).toMatch(/^Interpreter /);
    expect(view.sessions[0]!.interpreterName).toBeNull();
    const formsOf = (n: number) =>
      view.sessions[n - 1]!.forms.map((f) => [f.respondentId, f.state]).sort();
    expect(formsOf(1)).toEqual(
      [
        [alex!.id, 'completed'],
        [sam!.id, 'open'], // answered the WAI-SR, not the PHQ-9
        [therapist.id, 'completed'],
      ].sort(),
    );
    expect(formsOf(2)).toEqual(
      [
        [alex!.id, 'completed'],
        [sam!.id, 'open'],
        [therapist.id, 'open'],
      ].sort(),
    );
    expect(formsOf(3)).toEqual([]);
    expect(view.sessions[0]!.id).toBe(sessions[0]!.id);

    const series = (side: string, respondentId: string, scale: string) =>
      view.alliance
        .filter((s) => s.side === side && s.respondentId === respondentId && s.scale === scale)
        .map((s) => s.points.map((p) => [p.sessionNumber, p.value]));
    expect(series('client', alex!.id, 'total')).toEqual([
      [
        [1, 40],
        [2, 50],
      ],
    ]);
    expect(series('client', sam!.id, 'total')).toEqual([[[1, 36]]]);
    // 40 = items 1–4 at 4, items 5–12 at 3 (scored-case.fixture.ts): task 1,2,10,12 = 14;
    // bond 3,5,7,9 = 13; goal 4,6,8,11 = 13 (Hatcher & Gillaspy 2006 keys).
    expect(series('client', alex!.id, 'task')[0]![0]).toEqual([1, 14]);
    expect(series('client', alex!.id, 'bond')[0]![0]).toEqual([1, 13]);
    expect(series('client', alex!.id, 'goal')[0]![0]).toEqual([1, 13]);
    expect(series('therapist', therapist.id, 'total')).toEqual([[[1, 44]]]);
    const therapistSeries = view.alliance.find((s) => s.side === 'therapist')!;
    expect(therapistSeries).toMatchObject({
      instrumentId: SYNTHETIC_THERAPIST_FORM,
      respondentName: therapist.displayName,
      range: { min: 12, max: 60 },
    });
    // WAI-SR first, clients before the therapist.
    expect(view.alliance[0]!.instrumentId).toBe('wai-sr');
    expect(view.alliance.at(-1)!.side).toBe('therapist');

    expect(view.outcomes).toHaveLength(1);
    expect(view.outcomes[0]).toMatchObject({
      instrumentId: 'phq-9',
      respondentId: alex!.id,
      higherIsBetter: false,
      range: { min: 0, max: 27 },
      cutOffs: [{ id: 'clinical-range', operator: '>=', value: 10 }],
      // The bundled PHQ-9's NHS Talking Therapies criteria: 6 points, caseness 10 or more.
      changeCriteria: {
        method: 'published-threshold',
        minimumChange: 6,
        caseness: { operator: '>=', value: 10 },
      },
      noChangeCriteriaReason: null,
    });
    // 12 → 7 falls 5 points (not reliable) and leaves caseness: recovered, not reliably.
    expect(view.outcomes[0]!.change).toEqual({
      firstSession: 1,
      latestSession: 2,
      first: 12,
      latest: 7,
      difference: -5,
      rc: null,
      reliable: false,
      firstIsCase: true,
      latestIsCase: false,
      category: 'recovered',
    });
    expect(
      view.outcomes[0]!.points.map((p) => [p.sessionNumber, p.value, p.band, p.reliableChange]),
    ).toEqual([
      [1, 12, 'moderate', null],
      [2, 7, 'mild', null],
    ]);
  });

  it("puts the case's ruptures and recorded repairs on the time line, for the therapist and the supervisor", async () => {
    const db = api.db;
    const practice = await createTestPractice(db);
    await insertCaseViewPlan(db, clock, practice);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
    await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
    // Mean item 4 for three sessions, then 2 at session 4: a rupture for both members. Alex's
    // alliance is back at session 5 (repaired); Sam's stays down for the three sessions of
    // the repair window (unresolved).
    const { careCase, clients, sessions } = await createScoredCase(
      db,
      clock,
      practice,
      therapist.id,
      {
        type: 'couple',
        members: 2,
        attendance: Array.from({ length: 7 }, () => 'attended' as const),
        firstSessionAt: '2026-09-22T09:00:00.000Z',
        wai: (session, member) => (session < 4 ? 48 : session === 4 || member === 1 ? 24 : 48),
        phq: () => 0,
      },
    );
    const [alex, sam] = clients;
    await recomputeCaseAlerts(db, clock, practice.organization.id, careCase.id);
    const asTherapist = await signedIn(therapist.email);
    const before = (await asTherapist.call('GET', `/api/cases/${careCase.id}`)).json();
    const alexRupture = (before as CaseViewResponse).ruptures.find(
      (r) => r.respondentId === alex!.id,
    )!;
    const recorded = await asTherapist.call('POST', `/api/cases/${careCase.id}/rupture-events`, {
      sessionId: sessions[3]!.id,
      alertId: alexRupture.alertId,
      markers: ['withdrawal'],
      strategies: ['metacommunicate'],
      description: 'Synthetic note: went quiet after the homework review.',
      outcome: 'resolved',
    });
    expect(recorded.statusCode).toBe(201);

    for (const email of [therapist.email, supervisor.email]) {
      const response = await (await signedIn(email)).call('GET', `/api/cases/${careCase.id}`);
      expect(response.statusCode).toBe(200);
      const view = response.json() as CaseViewResponse;
      expect(view.ruptures).toEqual([
        {
          alertId: alexRupture.alertId,
          kind: 'score-drop',
          onsetSession: 4,
          respondentKind: 'client',
          respondentId: alex!.id,
          respondentName: `${alex!.givenName} ${alex!.familyName}`,
          scale: 'total',
          status: 'repaired',
          repairedAtSession: 5,
        },
        expect.objectContaining({
          kind: 'score-drop',
          onsetSession: 4,
          respondentId: sam!.id,
          status: 'unresolved',
          repairedAtSession: null,
        }),
      ]);
      expect(view.ruptureEvents).toEqual([
        {
          id: expect.any(String),
          sessionNumber: 4,
          outcome: 'resolved',
          description: 'Synthetic note: went quiet after the homework review.',
          markers: ['withdrawal'],
          alertId: alexRupture.alertId,
        },
      ]);
    }
  });

  it('gives the supervisor read access and everyone else the same 404 as an unknown id', async () => {
    const { practice, supervisor, careCase } = await coupleCase();
    const url = `/api/cases/${careCase.id}`;
    const asSupervisor = await (await signedIn(supervisor.email)).call('GET', url);
    expect(asSupervisor.statusCode).toBe(200);
    expect((asSupervisor.json() as CaseViewResponse).access).toBe('read');

    const unknown = await (
      await signedIn(supervisor.email)
    ).call('GET', `/api/cases/${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    for (const role of ['therapist', 'supervisor', 'admin', 'researcher', 'interpreter'] as const) {
      const user = await createStaffWithPassword(api.db, practice, role);
      const response = await (await signedIn(user.email)).call('GET', url);
      expect(response.statusCode, role).toBe(404);
      expect(response.json(), role).toMatchObject({
        type: unknown.json().type,
        detail: unknown.json().detail,
      });
    }
    const elsewhere = await createTestPractice(api.db);
    const stranger = await createStaffWithPassword(api.db, elsewhere, 'therapist');
    expect((await (await signedIn(stranger.email)).call('GET', url)).statusCode).toBe(404);
    for (const malformed of ['not-a-case', "1' or '1'='1", `${careCase.id}x`]) {
      const response = await (
        await signedIn(supervisor.email)
      ).call('GET', `/api/cases/${encodeURIComponent(malformed)}`);
      expect(response.statusCode, malformed).toBe(404);
    }
    expect((await authClient(api.app).call('GET', url)).statusCode).toBe(401);
  });

  it('audits every read: success with the case id, denied for an attempt outside reach', async () => {
    const { practice, therapist, careCase } = await coupleCase();
    const colleague = await createStaffWithPassword(api.db, practice, 'therapist');
    await (await signedIn(therapist.email)).call('GET', `/api/cases/${careCase.id}`);
    await (await signedIn(colleague.email)).call('GET', `/api/cases/${careCase.id}`);
    await (await signedIn(colleague.email)).call('GET', '/api/cases/not-a-case');
    const events = await listAuditEvents(api.db, practice.organization.id, {
      action: 'case.read',
    });
    expect(events.map((e) => [e.actorId, e.entityId, e.outcome]).reverse()).toEqual([
      [therapist.id, careCase.id, 'success'],
      [colleague.id, careCase.id, 'denied'],
      [colleague.id, null, 'denied'],
    ]);
    expect(events.at(-1)!.details).toMatchObject({ sessions: 4 });
    expect(JSON.stringify(events)).not.toContain('Synthetic');
  });
});
