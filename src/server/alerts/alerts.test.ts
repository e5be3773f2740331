import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { renderFindingMessageIn } from '../../core/alerts/render-finding-message.ts';
import { parseStoredFindingMessage } from '../../core/alliance/finding-message.ts';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { runJobsUntilIdle } from '../../../test/helpers/run-jobs.ts';
import { type SmtpListener, startSmtpListener } from '../../../test/helpers/smtp-listener.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { insertSupervision } from '../staff/staff.repository.ts';
import { countOpenAlertsByCase, findAlert, rankCasesForAttention } from './alert.repository.ts';
import { alertJobHandlers } from './alert-job-handlers.ts';
import {
  phq9Answers,
  submitClientForms,
  waiAnswers,
} from '../../../test/helpers/alert-test-scenario.ts';
import { recomputeCaseAlerts } from './recompute-case-alerts.service.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';

describe.each(testDialects)('alerts, repairs and supervision on %s', (dialect) => {
  let smtp: SmtpListener;
  const time = useTestClock('2026-11-24T09:00:00Z');
  const clock = time.clock;

  const api = useTestApp(dialect, clock, {
    auth: { ...defaultAuthSettings, mode: 'password-only', loginAttemptsPerAddress: 50 },
  });
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(() => smtp.close());

  /** Runs the alert jobs until none is due (PostgreSQL's job table is shared by test files). */
  const runAlertJobs = () =>
    runJobsUntilIdle({
      db: api.db,
      dialect,
      clock,
      handlers: alertJobHandlers({
        db: api.db,
        clock,
        mailer: smtp.mailer,
        publicUrl: 'https://rapport.test.example',
      }),
    });

  /** A practice with a therapist (and a case of theirs with `sessions` attended sessions). */
  async function scenario(sessions = 8) {
    const practice = await createTestPractice(api.db);
    const therapist = await createStaffWithPassword(api.db, practice, 'therapist');
    const made = await createTestCase(api.db, practice, therapist.id, {
      attendance: Array.from({ length: sessions }, () => 'attended' as const),
    });
    const target = {
      organizationId: practice.organization.id,
      caseId: made.careCase.id,
      clientId: made.clients[0]!.id,
    };
    const wai = (session: number, value: number) =>
      submitClientForms(api.db, clock, target, made.sessions[session - 1]!.id, {
        'wai-sr': waiAnswers(value),
      });
    return { practice, therapist, ...made, target, wai };
  }

  type Scenario = Awaited<ReturnType<typeof scenario>>;

  const therapistOf = (s: Scenario, userId = s.therapist.id): StaffActor => ({
    userId,
    organizationId: s.practice.organization.id,
    roles: [{ clinicId: s.practice.clinic.id, role: 'therapist' }],
    authSessionId: 'test-session',
  });

  /** Steady at 4 for three sessions, then 2: one rupture at session 4. */
  async function rupture(s: Scenario) {
    for (const [session, value] of [
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 2],
    ] as const)
      await s.wai(session, value);
  }

  /** A second therapist on the scenario's case. */
  async function addSecondTherapist(s: Scenario) {
    const second = await createStaffWithPassword(api.db, s.practice, 'therapist');
    await api.db
      .insertInto('case_therapist')
      .values({
        organization_id: s.target.organizationId,
        case_id: s.careCase.id,
        staff_user_id: second.id,
        is_primary: 0,
      })
      .execute();
    return second;
  }

  const recompute = (s: Scenario) =>
    recomputeCaseAlerts(api.db, clock, s.target.organizationId, s.careCase.id);

  const caseAlerts = async (organizationId: string, caseId: string) =>
    api.db
      .selectFrom('alert')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('case_id', '=', caseId)
      .execute();

  it('recomputes idempotently: the same scores give the same single rupture alert', async () => {
    const s = await scenario();
    await rupture(s);
    const first = await recompute(s);
    expect(first).toMatchObject({ inserted: 1, updated: 0 });
    const again = await recompute(s);
    expect(again).toMatchObject({ inserted: 0, updated: 0, autoResolved: 0, reopened: 0 });
    // The jobs queued by the four submissions change nothing either.
    await runAlertJobs();
    const rows = await caseAlerts(s.target.organizationId, s.careCase.id);
    expect(rows).toHaveLength(1);
    const alert = rows[0]!;
    expect(alert).toMatchObject({
      type: 'rupture',
      severity: 'warning',
      status: 'open',
      finding_status: 'open',
      finding_key: `rupture:${s.careCase.id}:${s.target.clientId}:total:s4`,
    });
    // The explanation is stored as a message: key and parameters, no sentence.
    expect(alert.explanation_key).toBe('rupture.open');
    expect(JSON.parse(alert.explanation_params)).toEqual({
      scale: { key: 'scale.total' },
      from: 4,
      to: 2,
      session: 4,
      why: { key: 'rupture.why.betweenClients', params: { k: 1.5 } },
    });
    const explanation = parseStoredFindingMessage(alert.explanation_key, alert.explanation_params);
    expect(renderFindingMessageIn('en', explanation)).toBe(
      "Overall alliance fell from 4.0 to 2.0 after session 4, more than 1.5 × the usual spread of alliance scores between clients (wider than this client's own variation).",
    );
    expect(renderFindingMessageIn('es', explanation)).toBe(
      'La alianza global cayó de 4,0 a 2,0 tras la sesión 4, más de 1,5 × la dispersión habitual de la alianza entre clientes (mayor que la variación propia de este cliente).',
    );
    const evidence = JSON.parse(alert.evidence) as {
      baseline: number;
      sd: number;
      threshold: number;
    };
    expect(evidence.baseline).toBeCloseTo(4, 9);
    expect(evidence.sd).toBeCloseTo(0.6, 9); // max(own SD 0, pooled 0.6): "stricter"
    expect(evidence.threshold).toBeCloseTo(3.1, 9);
    expect(JSON.parse(alert.parameters)).toMatchObject({ rupture: { k: 1.5, window: 3 } });
  });

  it('a new score that repairs the rupture resolves the alert automatically, as good news', async () => {
    const s = await scenario();
    await rupture(s);
    await runAlertJobs();
    const [before] = await caseAlerts(s.target.organizationId, s.careCase.id);
    expect(before?.status).toBe('open');

    time.advance(7 * 86_400_000);
    await s.wai(5, 4);
    await runAlertJobs();
    // The V also pulls the slope of sessions 1–5 down (an early-checkpoint warning); the
    // rupture's own alert is the same row, now closed as good news.
    const rows = (await caseAlerts(s.target.organizationId, s.careCase.id)).filter(
      (r) => r.type === 'rupture',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: before!.id,
      status: 'resolved',
      resolution: 'repaired',
      resolved_by: null,
      resolved_at: new Date(time.now()).toISOString(),
      severity: 'info',
      finding_status: 'repaired',
    });
    expect(rows[0]!.explanation_key).toBe('rupture.repaired');
    const explanation = parseStoredFindingMessage(
      rows[0]!.explanation_key,
      rows[0]!.explanation_params,
    );
    expect(renderFindingMessageIn('en', explanation)).toContain(
      'a repaired rupture, which tends to go with better outcomes',
    );
    expect(renderFindingMessageIn('es', explanation)).toContain('una ruptura reparada');
  });

  it("keeps a therapist's resolution through new scores until the evidence changes materially", async () => {
    const s = await scenario();
    await rupture(s);
    await runAlertJobs();
    const [alert] = await caseAlerts(s.target.organizationId, s.careCase.id);
    const therapist = await api.signedIn(s.therapist.email);
    const resolved = await therapist.call('POST', `/api/alerts/${alert!.id}/resolve`, {
      note: 'Talked it through with the client.',
    });
    expect(resolved.statusCode).toBe(200);

    // Still low a session later: the rupture is still open, nothing new to say.
    await s.wai(5, 2);
    await runAlertJobs();
    expect(await findAlert(api.db, s.target.organizationId, alert!.id)).toMatchObject({
      status: 'resolved',
      resolution: 'staff',
      resolvedBy: s.therapist.id,
      findingStatus: 'open',
    });
    // Two more low scores: no repair within three sessions, the rupture is unresolved now.
    await s.wai(6, 2);
    await s.wai(7, 2);
    await runAlertJobs();
    expect(await findAlert(api.db, s.target.organizationId, alert!.id)).toMatchObject({
      status: 'open',
      resolution: null,
      resolvedBy: null,
      findingStatus: 'unresolved',
      resolutionNote: 'Talked it through with the client.',
    });
  });

  it('moves an alert open → acknowledged → resolved with who and when, for the therapist on the case only', async () => {
    const s = await scenario();
    const orgId = s.target.organizationId;
    await rupture(s);
    await runAlertJobs();
    const colleague = await createStaffWithPassword(api.db, s.practice, 'therapist');
    const supervisor = await createStaffWithPassword(api.db, s.practice, 'supervisor');
    const researcher = await createStaffWithPassword(api.db, s.practice, 'researcher');
    await insertSupervision(api.db, orgId, supervisor.id, s.therapist.id);
    const other = await createTestPractice(api.db);
    const stranger = await createStaffWithPassword(api.db, other, 'therapist');

    const therapist = await api.signedIn(s.therapist.email);
    const list = await therapist.call('GET', `/api/cases/${s.careCase.id}/alerts`);
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.access).toBe('write');
    expect(body.alerts).toHaveLength(1);
    const alertId = body.alerts[0].id as string;
    expect(body.alerts[0]).toMatchObject({
      type: 'rupture',
      status: 'open',
      rule: 'detect-ruptures',
      evidence: { scale: 'total', score: 2, method: 'idiographic' },
      parameters: { rupture: { k: 1.5 } },
      // The reader's page renders the message in its language (src/web/alerts/alert-api.ts).
      explanation: { key: 'rupture.open', params: { from: 4, to: 2, session: 4 } },
    });

    // Out of reach: a colleague not on the case, a researcher, another organization: 404.
    for (const email of [colleague.email, researcher.email, stranger.email]) {
      const outsider = await api.signedIn(email);
      expect((await outsider.call('GET', `/api/cases/${s.careCase.id}/alerts`)).statusCode).toBe(
        404,
      );
      expect((await outsider.call('POST', `/api/alerts/${alertId}/acknowledge`)).statusCode).toBe(
        404,
      );
      expect((await outsider.call('POST', `/api/alerts/${alertId}/resolve`, {})).statusCode).toBe(
        404,
      );
    }
    // The supervisor reads but does not change the alert.
    const supervising = await api.signedIn(supervisor.email);
    const seen = await supervising.call('GET', `/api/cases/${s.careCase.id}/alerts`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().access).toBe('read');
    expect((await supervising.call('POST', `/api/alerts/${alertId}/acknowledge`)).statusCode).toBe(
      403,
    );
    expect((await findAlert(api.db, orgId, alertId))?.status).toBe('open');

    time.advance(60_000);
    const acknowledged = await therapist.call('POST', `/api/alerts/${alertId}/acknowledge`);
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: s.therapist.id,
      acknowledgedAt: new Date(time.now()).toISOString(),
    });
    // Bad input changes nothing.
    const bad = await therapist.call('POST', `/api/alerts/${alertId}/resolve`, { note: 7 });
    expect(bad.statusCode).toBe(400);
    expect((await findAlert(api.db, orgId, alertId))?.status).toBe('acknowledged');

    time.advance(60_000);
    const resolved = await therapist.call('POST', `/api/alerts/${alertId}/resolve`, {
      note: 'Repair conversation in session 5.',
    });
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      resolution: 'staff',
      resolvedBy: s.therapist.id,
      resolvedAt: new Date(time.now()).toISOString(),
      resolutionNote: 'Repair conversation in session 5.',
    });
    expect((await therapist.call('POST', `/api/alerts/${alertId}/resolve`, {})).statusCode).toBe(
      409,
    );

    const audit = await listAuditEvents(api.db, orgId, { entityId: alertId, outcome: 'success' });
    expect(audit.map((e) => e.action).sort()).toEqual(['alert.acknowledge', 'alert.resolve']);
    // Those turned away are on the trail too, as denials.
    const denials = await listAuditEvents(api.db, orgId, { entityId: alertId, outcome: 'denied' });
    expect(denials.length).toBeGreaterThan(0);
    expect(denials.every((e) => e.action === 'access.denied')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Repair conversation');
    const reads = await listAuditEvents(api.db, orgId, { action: 'alert.list' });
    expect(reads.map((e) => e.actorId)).toEqual(
      expect.arrayContaining([s.therapist.id, supervisor.id]),
    );
  });

  it('records a repair, flags the session, and shows both to the supervisor only', async () => {
    const s = await scenario();
    const orgId = s.target.organizationId;
    await rupture(s);
    await runAlertJobs();
    const supervisor = await createStaffWithPassword(api.db, s.practice, 'supervisor');
    const otherSupervisor = await createStaffWithPassword(api.db, s.practice, 'supervisor');
    await insertSupervision(api.db, orgId, supervisor.id, s.therapist.id);
    const therapist = await api.signedIn(s.therapist.email);
    const [alert] = await caseAlerts(orgId, s.careCase.id);
    const url = `/api/cases/${s.careCase.id}/rupture-events`;

    const valid = {
      sessionId: s.sessions[3]!.id,
      markers: ['withdrawal'],
      strategies: ['acknowledge', 'metacommunicate'],
      description: 'Client went quiet after the homework review.',
      outcome: 'partly',
      alertId: alert!.id,
      flaggedForSupervision: true,
    };
    for (const bad of [
      { ...valid, markers: ['sulking'] },
      { ...valid, description: '   ' },
      { ...valid, sessionId: (await scenario(1)).sessions[0]!.id },
      { ...valid, outcome: 'fine' },
    ]) {
      const answer = await therapist.call('POST', url, bad);
      expect([400, 422]).toContain(answer.statusCode);
    }
    expect((await therapist.call('GET', url)).json().events).toEqual([]);

    const created = await therapist.call('POST', url, valid);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      sessionNumber: 4,
      markers: ['withdrawal'],
      outcome: 'partly',
      flaggedForSupervision: true,
      recordedBy: s.therapist.id,
    });

    const supervising = await api.signedIn(supervisor.email);
    expect((await supervising.call('POST', url, valid)).statusCode).toBe(403);
    expect((await supervising.call('GET', url)).json().events).toHaveLength(1);
    const queue = (await supervising.call('GET', '/api/supervision/queue')).json();
    expect(queue.alerts.map((a: { alertId: string }) => a.alertId)).toEqual([alert!.id]);
    expect(queue.alerts[0].explanation).toMatchObject({ key: 'rupture.open' });
    expect(queue.flaggedSessions).toMatchObject([
      {
        caseId: s.careCase.id,
        sessionNumber: 4,
        outcome: 'partly',
        description: 'Client went quiet after the homework review.',
      },
    ]);
    // Each case of the queue names its therapists, for the page to group by.
    expect(queue.cases).toEqual([
      {
        caseId: s.careCase.id,
        caseReference: s.careCase.reference,
        therapists: [{ id: s.therapist.id, displayName: s.therapist.displayName }],
      },
    ]);
    const notSupervising = await api.signedIn(otherSupervisor.email);
    expect((await notSupervising.call('GET', '/api/supervision/queue')).json()).toEqual({
      alerts: [],
      flaggedSessions: [],
      cases: [],
    });
    expect((await notSupervising.call('GET', url)).statusCode).toBe(404);

    // Supervision notes: the supervisor and the therapist both, nobody else.
    const notes = `/api/cases/${s.careCase.id}/supervision-notes`;
    const note = await supervising.call('POST', notes, {
      body: 'Look at the pacing in session 4.',
    });
    expect(note.statusCode).toBe(201);
    time.advance(60_000);
    const reply = await therapist.call('POST', notes, { body: 'Will slow down next time.' });
    expect(reply.statusCode).toBe(201);
    expect(
      (await therapist.call('GET', notes)).json().notes.map((n: { body: string }) => n.body),
    ).toEqual(['Look at the pacing in session 4.', 'Will slow down next time.']);
    expect((await notSupervising.call('GET', notes)).statusCode).toBe(404);
    expect((await notSupervising.call('POST', notes, { body: 'x' })).statusCode).toBe(404);
    const audit = await listAuditEvents(api.db, orgId, {});
    const text = JSON.stringify(audit);
    expect(text).not.toContain('went quiet');
    expect(text).not.toContain('pacing');
  });

  it('mails the therapists once for an urgent alert, with no clinical detail', async () => {
    const s = await scenario();
    const second = await addSecondTherapist(s);
    await submitClientForms(api.db, clock, s.target, s.sessions[0]!.id, {
      'phq-9': phq9Answers(2),
    });
    await runAlertJobs();
    await recompute(s);
    await runAlertJobs();
    const rows = await caseAlerts(s.target.organizationId, s.careCase.id);
    expect(rows.map((r) => [r.type, r.severity, r.status])).toEqual([
      ['risk-item', 'urgent', 'open'],
    ]);

    for (const email of [s.therapist.email, second.email]) {
      const mails = smtp.received.filter((m) => m.to.includes(email));
      expect(mails).toHaveLength(1);
      const text = mails[0]!.body.replace(/=\r?\n/g, '');
      expect(text).toContain('An urgent alert needs your attention');
      expect(text).toContain(`https://rapport.test.example/cases/${s.careCase.id}/alerts`);
      // Whole words only, ids and headers aside: a random hex id may well contain "dead".
      const words = text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '')
        .split(/[^A-Za-z-]+/);
      for (const secret of ['PHQ', 'phq', 'self-harm', 'dead']) expect(words).not.toContain(secret);
      expect(text).not.toContain(s.clients[0]!.familyName);
    }
    const attention = await rankCasesForAttention(
      api.db,
      therapistOf(s),
      [s.careCase.id],
      clock().toISOString(),
    );
    expect(attention.get(s.careCase.id)).toMatchObject({
      level: 'urgent',
      rank: 0,
      urgentAlerts: 1,
    });
  });

  it('mails each therapist exactly once even when one delivery fails and is retried', async () => {
    const s = await scenario();
    const second = await addSecondTherapist(s);
    const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).length;
    smtp.rejected.add(second.email);
    await submitClientForms(api.db, clock, s.target, s.sessions[0]!.id, {
      'phq-9': phq9Answers(1),
    });
    await runAlertJobs();
    const jobs = await api.db
      .selectFrom('job')
      .select(['unique_key', 'status', 'attempts'])
      .where('organization_id', '=', s.target.organizationId)
      .where('type', '=', 'alerts.notify-urgent')
      .orderBy('unique_key')
      .execute();
    const [alert] = await caseAlerts(s.target.organizationId, s.careCase.id);
    expect(jobs.map((j) => j.unique_key).sort()).toEqual(
      [s.therapist.id, second.id].map((id) => `alerts.notify-urgent:${alert!.id}:${id}`).sort(),
    );
    expect(mailsTo(s.therapist.email)).toBe(1);
    expect(mailsTo(second.email)).toBe(0);
    const failed = jobs.find((j) => j.unique_key!.endsWith(second.id));
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    // Each therapist sees, on the case's alerts, what became of their own mail.
    const mailShownTo = async (email: string) =>
      (await (await api.signedIn(email)).call('GET', `/api/cases/${s.careCase.id}/alerts`)).json()
        .mailsToYou;
    expect(await mailShownTo(s.therapist.email)).toEqual({
      [alert!.id]: { state: 'sent', reason: null },
    });
    expect(await mailShownTo(second.email)).toEqual({
      [alert!.id]: { state: 'retrying', reason: null },
    });

    // The mailbox is back; after the back-off only the failed delivery is tried again.
    smtp.rejected.delete(second.email);
    time.advance(10 * 60_000);
    await runAlertJobs();
    expect(mailsTo(s.therapist.email)).toBe(1);
    expect(mailsTo(second.email)).toBe(1);
    expect(await mailShownTo(second.email)).toEqual({
      [alert!.id]: { state: 'sent', reason: null },
    });
    // A recompute of the same evidence queues nothing new.
    await recompute(s);
    await runAlertJobs();
    expect([mailsTo(s.therapist.email), mailsTo(second.email)]).toEqual([1, 1]);
    const audit = await listAuditEvents(api.db, s.target.organizationId, {
      action: 'alert.notify-urgent',
    });
    expect(audit.map((e) => e.details.recipient).sort()).toEqual(
      [s.therapist.id, second.id].sort(),
    );
  });

  it('counts and ranks open alerts per case within the organization only', async () => {
    const s = await scenario();
    await rupture(s);
    await runAlertJobs();
    const quiet = await scenario(2);
    const counts = await countOpenAlertsByCase(api.db, s.target.organizationId, [
      s.careCase.id,
      quiet.careCase.id,
    ]);
    expect(counts.get(s.careCase.id)).toEqual({ open: 1, urgent: 0, unacknowledged: 1 });
    expect(counts.has(quiet.careCase.id)).toBe(false);
    // Another organization asking by id sees nothing.
    const elsewhere = await countOpenAlertsByCase(api.db, quiet.target.organizationId, [
      s.careCase.id,
    ]);
    expect(elsewhere.size).toBe(0);
    const ranks = await rankCasesForAttention(
      api.db,
      therapistOf(s),
      [s.careCase.id],
      clock().toISOString(),
    );
    expect(ranks.get(s.careCase.id)).toMatchObject({ level: 'rupture', rank: 1, openAlerts: 1 });
    // A colleague outside the case, asking by its id, counts nothing on it.
    const colleague = await createTestStaff(api.db, s.practice, 'therapist');
    const outside = await rankCasesForAttention(
      api.db,
      therapistOf(s, colleague.id),
      [s.careCase.id],
      clock().toISOString(),
    );
    expect(outside.get(s.careCase.id)).toMatchObject({ level: 'none', openAlerts: 0 });
  });
});
