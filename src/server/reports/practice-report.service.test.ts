import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCase,
  createTestPractice,
  createTestStaff,
} from '../../../test/helpers/factories.ts';
import { createTestParticipant, createTestStudy } from '../../../test/helpers/study.fixture.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import { insertRequests, requestToRow } from '../measurement/questionnaire-request.repository.ts';
import { insertResponses, insertScores } from '../measurement/questionnaire-response.repository.ts';
import { insertClinic } from '../organizations/organization.repository.ts';
import { exportPracticeReportTable, readPracticeReport } from './practice-report.service.ts';

const HOUR = 3_600_000;
const at = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();
const origin = { ip: '127.0.0.1', requestId: 'report-test' };
const actorOf = (user: { id: string; organizationId: string }): StaffActor => ({
  userId: user.id,
  organizationId: user.organizationId,
  roles: [],
  authSessionId: 'report-test',
});
// The first session of createTestCase is Monday 2 November 2026, 10:00 UTC; the second a week later.
const WEEK1 = '2026-11-02T11:00:00.000Z';
const WEEK2 = '2026-11-09T11:00:00.000Z';
const period = { from: '2026-11-02', to: '2026-11-15' };

/**
 * One client's link at a session, its answered forms after the given hours, and PHQ-9 totals;
 * with `firstOpenedAt`, when the link was first opened.
 */
async function askAndAnswer(
  db: Executor,
  made: Awaited<ReturnType<typeof createTestCase>>,
  session: 0 | 1,
  answers: { instrumentId: string; afterHours: number | null; total?: number }[],
  firstOpenedAt: string | null = null,
) {
  const createdAt = session === 0 ? WEEK1 : WEEK2;
  const client = made.clients[0]!;
  const requestId = randomUUID();
  await insertRequests(db, [
    requestToRow(
      {
        id: requestId,
        organizationId: made.careCase.organizationId,
        caseId: made.careCase.id,
        sessionId: made.sessions[session]!.id,
        respondentKind: 'client',
        clientId: client.id,
        staffUserId: null,
        instruments: answers.map((a) => a.instrumentId),
        language: 'en',
        status: answers.every((a) => a.afterHours !== null) ? 'completed' : 'expired',
        createdAt,
        expiresAt: at(createdAt, 72),
        completedAt: null,
        firstOpenedAt,
      },
      `hash-${requestId}`,
    ),
  ]);
  for (const a of answers) {
    if (a.afterHours === null) continue;
    const responseId = randomUUID();
    const base = {
      organization_id: made.careCase.organizationId,
      case_id: made.careCase.id,
      session_id: made.sessions[session]!.id,
      instrument_id: a.instrumentId,
      instrument_version: '1.1.0',
    };
    await insertResponses(db, [
      {
        ...base,
        id: responseId,
        request_id: requestId,
        respondent_key: `client:${client.id}`,
        submission_id: randomUUID(),
        answers: '{}',
        submitted_at: at(createdAt, a.afterHours),
      },
    ]);
    if (a.total !== undefined)
      await insertScores(db, [
        {
          ...base,
          id: randomUUID(),
          response_id: responseId,
          session_number: session + 1,
          respondent_kind: 'client',
          client_id: client.id,
          staff_user_id: null,
          scale_id: 'total',
          value: a.total,
          item_mean: null,
          answered: 9,
          item_count: 9,
          prorated: 0,
          band: null,
          flags: '[]',
          scored_at: at(createdAt, a.afterHours),
        },
      ]);
  }
  return requestId;
}

async function raiseAlert(
  db: Executor,
  made: Awaited<ReturnType<typeof createTestCase>>,
  type: string,
  ackAfterHours: number | null,
  resolved: boolean,
) {
  const createdAt = '2026-11-03T10:00:00.000Z';
  await db
    .insertInto('alert')
    .values({
      id: randomUUID(),
      organization_id: made.careCase.organizationId,
      case_id: made.careCase.id,
      finding_key: `report-${randomUUID()}`,
      type,
      severity: 'warning',
      finding_status: 'open',
      status: resolved ? 'resolved' : ackAfterHours === null ? 'open' : 'acknowledged',
      session_number: 1,
      latest_session: 1,
      respondent_ids: JSON.stringify([made.clients[0]!.id]),
      rule: 'report-test',
      parameters: '{}',
      evidence: '{}',
      explanation_key: 'storedText',
      explanation_params: '{}',
      revision: '1',
      created_at: createdAt,
      updated_at: createdAt,
      acknowledged_by: null,
      acknowledged_at: ackAfterHours === null ? null : at(createdAt, ackAfterHours),
      resolved_by: null,
      resolved_at: resolved ? at(createdAt, 48) : null,
      resolution: resolved ? 'staff' : null,
      resolution_note: null,
    })
    .execute();
}

/**
 * A clinic counted by hand: therapist 1 has five clients, therapist 2 four (a group of 4:
 * "< 5"). Week 1 asks each of the nine the PHQ-9 (answered after 1…9 hours: median 5) and
 * the WAI-SR (five answer, after 1 hour), links with no opening time; week 2 the PHQ-9 again
 * (all answer after 2 hours, having opened the link 1…9 minutes before: median 5 minutes).
 * PHQ-9 from week 1 to week 2: therapist 1's clients 20→14, 20→14 (improved by 6), 8→14
 * (deteriorated), 15→13 and 12→12 (unchanged); therapist 2's 20→10 (improved), 10→9, 9→9, 9→9.
 * The first client's week-1 link also carries a SWLS only a study asked: in no count.
 * Ruptures on therapist 1's five cases, acknowledged after 2, 4, 6, 8 and 10 hours (median 6),
 * two resolved; one risk answer on a case of therapist 2, not acknowledged.
 */
describe.each(testDialects)('the practice report on %s', (dialect) => {
  let handle: DatabaseHandle;
  const deps = () => ({ db: handle.db, clock: () => new Date('2026-12-01T12:00:00Z') });
  let fixture: Awaited<ReturnType<typeof buildFixture>>;

  async function buildFixture(db: Executor) {
    const practice = await createTestPractice(db);
    const admin = await createTestStaff(db, practice, 'admin');
    const therapist1 = await createTestStaff(db, practice, 'therapist');
    const therapist2 = await createTestStaff(db, practice, 'therapist');
    const supervisor = await createTestStaff(db, practice, 'supervisor');
    const researcher = await createTestStaff(db, practice, 'researcher');
    // A second clinic of the organization that the admin does not run.
    const clinic2 = {
      id: randomUUID(),
      organizationId: practice.organization.id,
      name: 'Second site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(db, clinic2, '2026-11-01T00:00:00.000Z');
    const t1Totals = [
      [20, 14],
      [20, 14],
      [8, 14],
      [15, 13],
      [12, 12],
    ];
    const t2Totals = [
      [20, 10],
      [10, 9],
      [9, 9],
      [9, 9],
    ];
    let index = 0;
    for (const [therapist, totals] of [
      [therapist1, t1Totals],
      [therapist2, t2Totals],
    ] as const) {
      for (const [pre, post] of totals) {
        index += 1;
        const made = await createTestCase(db, practice, therapist.id);
        const first = await askAndAnswer(db, made, 0, [
          { instrumentId: 'phq-9', afterHours: index, total: pre },
          { instrumentId: 'wai-sr', afterHours: index <= 5 ? 1 : null },
          // A form only a study asked (the first client): study data, in no count.
          ...(index === 1 ? [{ instrumentId: 'swls', afterHours: 1 }] : []),
        ]);
        if (index === 1) {
          const study = await createTestStudy(db, practice, researcher.id, {
            measures: [{ instrumentId: 'swls', respondent: 'client' }],
          });
          const participant = await createTestParticipant(db, practice, study, {
            role: 'client',
            caseId: made.careCase.id,
            clientId: made.clients[0]!.id,
          });
          await db
            .insertInto('study_request_item')
            .values({
              organization_id: practice.organization.id,
              study_id: study.id,
              participant_id: participant.id,
              request_id: first,
              instrument_id: 'swls',
              measure_id: study.measureIds[0]!,
              also_clinical: 0,
            })
            .execute();
        }
        // Opened `index` minutes before it was sent: answering took 1…9 minutes (median 5).
        await askAndAnswer(
          db,
          made,
          1,
          [{ instrumentId: 'phq-9', afterHours: 2, total: post }],
          new Date(Date.parse(at(WEEK2, 2)) - index * 60_000).toISOString(),
        );
        if (therapist === therapist1) await raiseAlert(db, made, 'rupture', 2 * index, index <= 2);
        else if (index === 6) await raiseAlert(db, made, 'risk-item', null, false);
      }
    }
    // Another organization, with a case of its own.
    const other = await createTestPractice(db);
    const otherAdmin = await createTestStaff(db, other, 'admin');
    const otherTherapist = await createTestStaff(db, other, 'therapist');
    const otherCase = await createTestCase(db, other, otherTherapist.id);
    await askAndAnswer(db, otherCase, 0, [{ instrumentId: 'phq-9', afterHours: 1, total: 20 }]);
    return {
      practice,
      clinic2,
      admin,
      therapist1,
      therapist2,
      supervisor,
      other,
      otherAdmin,
    };
  }

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    fixture = await buildFixture(handle.db);
  }, 60_000);
  afterAll(() => handle.close());

  it('gives an admin their clinic’s numbers, counted by hand, with "< 5" for a group of four', async () => {
    const report = await readPracticeReport(deps(), actorOf(fixture.admin), period, origin);
    expect(report.view).toBe('admin');
    expect(report.clinics).toEqual([
      { id: fixture.practice.clinic.id, name: fixture.practice.clinic.name },
    ]);
    expect(report.completionWeeks).toEqual([
      { week: '2026-11-02', asked: 18, completed: 14, rate: 14 / 18 },
      { week: '2026-11-09', asked: 9, completed: 9, rate: 1 },
    ]);
    expect(
      report.completion.map((r) => [
        r.week,
        r.instrumentId,
        r.asked,
        r.completed,
        r.rate,
        r.timed,
        r.medianMinutes,
        r.medianHours,
      ]),
    ).toEqual([
      ['2026-11-02', 'phq-9', 9, 9, 1, 0, null, 5],
      ['2026-11-02', 'wai-sr', 9, 5, 5 / 9, 0, null, 1],
      ['2026-11-09', 'phq-9', 9, 9, 1, 9, 5, 2],
    ]);
    expect(report.alerts).toEqual([
      {
        type: 'risk-item',
        raised: null,
        acknowledged: 0,
        resolved: 0,
        medianHoursToAcknowledge: null,
      },
      { type: 'rupture', raised: 5, acknowledged: 5, resolved: null, medianHoursToAcknowledge: 6 },
      { type: 'all', raised: 6, acknowledged: 5, resolved: null, medianHoursToAcknowledge: 6 },
    ]);
    expect(report.clinicOutcomes).toEqual([
      {
        groupId: fixture.practice.clinic.id,
        groupName: fixture.practice.clinic.name,
        instrumentId: 'phq-9',
        instrumentTitle: 'Patient Health Questionnaire (PHQ-9)',
        measured: 9,
        improvedRate: 3 / 9,
        deterioratedRate: 1 / 9,
      },
    ]);
    const byTherapist = new Map(report.therapistOutcomes.map((r) => [r.groupId, r]));
    expect(byTherapist.size).toBe(2);
    expect(byTherapist.get(fixture.therapist1.id)).toMatchObject({
      measured: 5,
      improvedRate: 0.4,
      deterioratedRate: 0.2,
    });
    expect(byTherapist.get(fixture.therapist2.id)).toMatchObject({
      measured: null,
      improvedRate: null,
      deterioratedRate: null,
    });
  });

  it('gives a therapist their own row only, and their small group withheld', async () => {
    const own = await readPracticeReport(deps(), actorOf(fixture.therapist1), period, origin);
    expect(own.view).toBe('therapist');
    expect(own.clinicOutcomes).toEqual([]);
    expect(own.therapistOutcomes.map((r) => [r.groupId, r.measured, r.improvedRate])).toEqual([
      [fixture.therapist1.id, 5, 0.4],
    ]);
    expect(own.completionWeeks[0]).toEqual({
      week: '2026-11-02',
      asked: 10,
      completed: 10,
      rate: 1,
    });
    expect(own.alerts.at(-1)).toEqual({
      type: 'all',
      raised: 5,
      acknowledged: 5,
      resolved: null,
      medianHoursToAcknowledge: 6,
    });
    const small = await readPracticeReport(deps(), actorOf(fixture.therapist2), period, origin);
    expect(small.therapistOutcomes.map((r) => [r.groupId, r.measured, r.improvedRate])).toEqual([
      [fixture.therapist2.id, null, null],
    ]);
    expect(small.completionWeeks.map((w) => w.asked)).toEqual([null, null]);
  });

  it('shows another organization’s admin nothing of it, and turns away other roles and clinics', async () => {
    const foreign = await readPracticeReport(deps(), actorOf(fixture.otherAdmin), period, origin);
    expect(foreign.clinics.map((c) => c.id)).toEqual([fixture.other.clinic.id]);
    expect(foreign.therapistOutcomes).toEqual([]);
    expect(foreign.alerts).toEqual([
      { type: 'all', raised: 0, acknowledged: 0, resolved: 0, medianHoursToAcknowledge: null },
    ]);
    // Their own single client: a group of one.
    expect(foreign.completionWeeks[0]).toEqual({
      week: '2026-11-02',
      asked: null,
      completed: null,
      rate: null,
    });
    await expect(
      readPracticeReport(
        deps(),
        actorOf(fixture.otherAdmin),
        { ...period, clinicId: fixture.practice.clinic.id },
        origin,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      readPracticeReport(
        deps(),
        actorOf(fixture.admin),
        { ...period, clinicId: fixture.clinic2.id },
        origin,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      readPracticeReport(deps(), actorOf(fixture.supervisor), period, origin),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      readPracticeReport(
        deps(),
        actorOf(fixture.admin),
        { from: '2026-11-20', to: '2026-11-10' },
        origin,
      ),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('downloads a table as CSV with the same numbers, and audits reads without people', async () => {
    const file = await exportPracticeReportTable(
      deps(),
      actorOf(fixture.admin),
      'therapist-outcomes',
      period,
      origin,
    );
    expect(file.fileName).toBe('practice-report-therapist-outcomes-2026-11-02-2026-11-15.csv');
    const rows = parse(file.csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.measured, r.improved_rate, r.deteriorated_rate]).sort()).toEqual([
      ['5', '0.4', '0.2'],
      ['< 5', '', ''],
    ]);
    const audit = await handle.db
      .selectFrom('audit_event')
      .select(['action', 'entity_type', 'details'])
      .where('actor_id', '=', fixture.admin.id)
      .where('action', 'in', ['practice-report.read', 'practice-report.export'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toContain('practice-report.export');
    for (const a of audit) {
      expect(a.entity_type).toBe('organization');
      expect(Object.keys(JSON.parse(a.details) as object).sort()).toEqual(
        a.action === 'practice-report.export'
          ? ['clinicId', 'from', 'section', 'to', 'view']
          : ['clinicId', 'from', 'to', 'view'],
      );
    }
  });
});
