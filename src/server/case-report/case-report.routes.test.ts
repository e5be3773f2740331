import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authClient, createStaffWithPassword } from '../../../test/helpers/auth-client.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { pdfPages, pdfText } from '../../../test/helpers/pdf-text.ts';
import { createScoredCase } from '../../../test/helpers/scored-case.fixture.ts';
import { createSupervisedPractice, useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { renderFindingMessageIn } from '../../core/alerts/render-finding-message.ts';
import { recomputeCaseAlerts } from '../alerts/recompute-case-alerts.service.ts';
import { listAlertsForCase } from '../alerts/alert.repository.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';

const NOW = new Date('2026-11-10T12:00:00.000Z');
/** pdftotext breaks lines where the PDF does: compare words, not line breaks. */
const words = (text: string) => text.replace(/\s+/g, ' ');

describe.each(testDialects)('GET /api/cases/:caseId/report on %s', (dialect) => {
  const clock = () => NOW;
  const api = useTestApp(dialect, clock);

  /**
   * A couple seen for seven sessions: the alliance of both drops at session 4 (a rupture),
   * Alex's comes back at 5 (repaired), Sam's does not (unresolved); the therapist rates each
   * session; the therapist records the repair, a private reflection and a supervision note.
   */
  async function ruptureCase() {
    const db = api.db;
    const { practice, therapist, supervisor } = await createSupervisedPractice(db, clock);
    const made = await createScoredCase(db, clock, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: [...Array.from({ length: 6 }, () => 'attended' as const), 'no-show'],
      firstSessionAt: '2026-09-22T09:00:00.000Z',
      wai: (session, member) => (session < 4 ? 48 : session === 4 || member === 1 ? 24 : 48),
      phq: (session, member) => (member === 0 ? 14 - session : null),
      therapistTotal: (session) => 40 + session,
      interpretedSessions: [2],
    });
    await recomputeCaseAlerts(db, clock, practice.organization.id, made.careCase.id);
    const asTherapist = await api.signedIn(therapist.email);
    const reflection = `REFLECTION-MARKER-${randomUUID()}`;
    const supervisionNote = `SUPERVISION-MARKER-${randomUUID()}`;
    const repairText = `Synthetic repair ${randomUUID().slice(0, 8)}: went quiet after the homework review.`;
    expect(
      (
        await asTherapist.call('PUT', `/api/sessions/${made.sessions[3]!.id}/reflection`, {
          body: reflection,
          sharedWithSupervisor: true,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await asTherapist.call('POST', `/api/cases/${made.careCase.id}/supervision-notes`, {
          body: supervisionNote,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await asTherapist.call('POST', `/api/cases/${made.careCase.id}/rupture-events`, {
          sessionId: made.sessions[3]!.id,
          markers: ['withdrawal'],
          strategies: ['metacommunicate'],
          description: repairText,
          outcome: 'resolved',
        })
      ).statusCode,
    ).toBe(201);
    return {
      practice,
      therapist,
      supervisor,
      asTherapist,
      reflection,
      supervisionNote,
      repairText,
      ...made,
    };
  }

  it("prints the case's sessions, charts' numbers, ruptures and alerts, and never a reflection or supervision note", async () => {
    const {
      practice,
      therapist,
      careCase,
      clients,
      asTherapist,
      reflection,
      supervisionNote,
      repairText,
    } = await ruptureCase();
    const response = await asTherapist.call('GET', `/api/cases/${careCase.id}/report`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="case-report-${careCase.reference}.pdf"`,
    );
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    const flat = words(text);

    // Members by initials only: the family name is nowhere.
    expect(flat).toContain('Members (initials): A. S. (client), S. S. (partner)');
    expect(text).not.toContain(clients[0]!.familyName);
    expect(flat).toContain(`Therapists: ${therapist.displayName}`);
    // Sessions and attendance.
    expect(flat).toContain('7 sessions: 6 attended, 0 cancelled, 1 missed (no-show), 0 scheduled.');
    expect(text.match(/\bAttended\b/g)).toHaveLength(6);
    expect(text).toMatch(/\bNo-show\b/);
    // The outcome chart's numbers and cut-off, the PHQ-9's published reliable-change criterion
    // (NHS Talking Therapies: 6 points) and the client's category against the first score: 13
    // to 8 is no reliable change but leaves caseness (>= 10), so "recovered".
    expect(flat).toContain('PHQ-9');
    expect(flat).toContain('Cut-off >= 10');
    expect(flat).toContain('A change of 6 points or more against the first score is reliable');
    expect(flat).toContain('A. S.: recovered (first score 13, latest 8).');
    // Alliance per member with the therapist's line.
    expect(flat).toContain('Alliance of A. S.');
    expect(flat).toContain('Alliance of S. S.');
    expect(flat).toContain(`${therapist.displayName} (therapist)`);
    // Ruptures and the recorded repair.
    expect(flat).toContain('Session 4 · A. S. · Total · score drop: repaired at session 5');
    expect(flat).toContain('Session 4 · S. S. · Total · score drop: open');
    expect(flat).toContain(words(repairText));
    // Every alert the case page shows, with its explanation in English.
    const actor = {
      userId: therapist.id,
      organizationId: practice.organization.id,
      roles: [{ clinicId: practice.clinic.id, role: 'therapist' as const }],
      authSessionId: 'test',
    };
    const alerts = (await listAlertsForCase(api.db, actor, careCase.id)).filter(
      (a) => a.resolution !== 'no-longer-detected',
    );
    expect(alerts.length).toBeGreaterThan(1);
    for (const alert of alerts)
      expect(flat).toContain(words(renderFindingMessageIn('en', alert.explanation)));
    expect(flat).toContain('Open alerts');
    expect(flat).toContain('Resolved alerts');

    // On every page: confidential, who printed it and when, and the page number.
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    perPage.forEach((page, i) => {
      expect(page).toContain('CONFIDENTIAL');
      expect(words(page)).toContain(`Printed by ${therapist.displayName} on 10 Nov 2026, 12:00`);
      expect(page).toContain(`Page ${i + 1} of ${pages}`);
    });

    // Never the private reflection nor the supervision note.
    expect(text).not.toContain(reflection);
    expect(text).not.toContain(supervisionNote);
    expect(text).not.toContain('MARKER');
  });

  it("prints in the printer's language, Spanish characters included", async () => {
    const { practice, therapist, careCase, asTherapist } = await ruptureCase();
    const response = await asTherapist.call('GET', `/api/cases/${careCase.id}/report?lang=es`);
    expect(response.statusCode).toBe(200);
    const flat = words(pdfText(response.rawPayload));
    expect(flat).toContain(`Informe del caso: ${careCase.reference}`);
    expect(flat).toContain('Sesiones y asistencia');
    expect(flat).toContain('7 sesiones: 6 asistidas');
    expect(flat).toContain('Página 1 de');
    expect(flat).toContain(`Impreso por ${therapist.displayName}`);
    expect(flat).toContain('CONFIDENCIAL');
    expect(flat).toContain('Clientes (iniciales): A. S. (cliente), S. S. (pareja)');
    const actor = {
      userId: therapist.id,
      organizationId: practice.organization.id,
      roles: [{ clinicId: practice.clinic.id, role: 'therapist' as const }],
      authSessionId: 'test',
    };
    const [alert] = await listAlertsForCase(api.db, actor, careCase.id);
    expect(flat).toContain(words(renderFindingMessageIn('es', alert!.explanation)));

    const bad = await asTherapist.call('GET', `/api/cases/${careCase.id}/report?lang=fr`);
    expect(bad.statusCode).toBe(400);
  });

  it('answers the case page’s people only, and audits every attempt', async () => {
    const { practice, supervisor, careCase } = await ruptureCase();
    const url = `/api/cases/${careCase.id}/report`;
    const asSupervisor = await (await api.signedIn(supervisor.email)).call('GET', url);
    expect(asSupervisor.statusCode).toBe(200);
    expect(pdfText(asSupervisor.rawPayload)).toContain(careCase.reference);

    const colleague = await createStaffWithPassword(api.db, practice, 'therapist');
    for (const role of ['therapist', 'admin', 'researcher', 'interpreter'] as const) {
      const user =
        role === 'therapist' ? colleague : await createStaffWithPassword(api.db, practice, role);
      const response = await (await api.signedIn(user.email)).call('GET', url);
      expect(response.statusCode, role).toBe(404);
      expect(response.headers['content-type'], role).toMatch(/^application\/problem\+json/);
    }
    const elsewhere = await createTestPractice(api.db);
    const stranger = await createStaffWithPassword(api.db, elsewhere, 'therapist');
    expect((await (await api.signedIn(stranger.email)).call('GET', url)).statusCode).toBe(404);
    const asColleague = await api.signedIn(colleague.email);
    expect((await asColleague.call('GET', '/api/cases/not-a-case/report')).statusCode).toBe(404);
    expect((await authClient(api.app).call('GET', url)).statusCode).toBe(401);

    const events = await listAuditEvents(api.db, practice.organization.id, {
      action: 'case.report.print',
    });
    const byActor = events.map((e) => [e.actorId, e.entityId, e.outcome]);
    expect(byActor).toContainEqual([supervisor.id, careCase.id, 'success']);
    expect(byActor).toContainEqual([colleague.id, careCase.id, 'denied']);
    expect(byActor).toContainEqual([colleague.id, null, 'denied']);
    const success = events.find((e) => e.outcome === 'success')!;
    expect(success.details).toMatchObject({ language: 'en', sessions: 7 });
    expect(JSON.stringify(events)).not.toContain('Synthetic');
  });
});
