import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../../test/helpers/auth-client.ts';
import { createTestCase } from '../../../../test/helpers/factories.ts';
import { createRolePractice } from '../../../../test/helpers/role-practice.ts';
import {
  type TestStudy,
  createTestParticipant,
  createTestStudy,
} from '../../../../test/helpers/study.fixture.ts';
import { useTestApp } from '../../../../test/helpers/test-app.ts';
import { testDialects } from '../../../../test/helpers/test-databases.ts';
import type { Executor } from '../../db/database.ts';
import type { ParticipantStatus } from '../../db/database-schema.ts';
import {
  insertRequests,
  requestToRow,
} from '../../measurement/questionnaire-request.repository.ts';
import { insertClinic } from '../../organizations/organization.repository.ts';
import { readStudyDashboard } from './study-dashboard.service.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const CREATED = '2026-11-02T10:00:00.000Z';

type Kind = 'consent' | 'guardian-consent' | 'assent';

/** A consent record as the consent service would write it (that service is not on main yet). */
async function sign(
  db: Executor,
  study: TestStudy,
  participantId: string,
  versionId: string,
  signedAt: string,
  decision: 'consented' | 'declined' = 'consented',
  kind: Kind = 'consent',
) {
  await db
    .insertInto('consent_record')
    .values({
      id: randomUUID(),
      organization_id: study.organizationId,
      study_id: study.id,
      participant_id: participantId,
      consent_version_id: versionId,
      invitation_id: null,
      kind,
      decision,
      channel: 'link',
      typed_name: 'Ana Núñez Typed',
      ticked_statements: decision === 'consented' ? '[0,1]' : '[]',
      text_sha256: 'a'.repeat(64),
      signed_at: signedAt,
      receipt_pdf: null,
      receipt_sha256: null,
      receipt_token_hash: null,
    })
    .execute();
}

async function addVersion(
  db: Executor,
  study: TestStudy,
  researcherId: string,
  lang: string,
  v: number,
) {
  const id = randomUUID();
  await db
    .insertInto('consent_version')
    .values({
      id,
      organization_id: study.organizationId,
      study_id: study.id,
      language: lang,
      version: v,
      information_text: 'Text.',
      statements: JSON.stringify(['I agree.']),
      effective_from: `2026-10-0${v}`,
      created_by: researcherId,
      created_at: CREATED,
      updated_at: CREATED,
    })
    .execute();
  return id;
}

/**
 * A questionnaire request of a session for one respondent, the study's items on it (by
 * measure) and answers to the instruments in `answered` (which may include a clinical form
 * the study did not ask).
 */
async function askForms(
  db: Executor,
  study: TestStudy,
  target: {
    caseId: string;
    sessionId: string;
    participantId: string;
    respondent: { kind: 'client'; clientId: string } | { kind: 'therapist'; staffUserId: string };
  },
  items: { instrumentId: string; measureId: string }[],
  answered: string[],
) {
  const requestId = randomUUID();
  const instruments = [...new Set([...items.map((i) => i.instrumentId), ...answered])];
  await insertRequests(db, [
    requestToRow(
      {
        id: requestId,
        organizationId: study.organizationId,
        caseId: target.caseId,
        sessionId: target.sessionId,
        respondentKind: target.respondent.kind,
        clientId: target.respondent.kind === 'client' ? target.respondent.clientId : null,
        staffUserId: target.respondent.kind === 'therapist' ? target.respondent.staffUserId : null,
        instruments,
        language: 'en',
        status: 'open',
        createdAt: CREATED,
        expiresAt: '2099-01-01T00:00:00.000Z',
        completedAt: null,
      },
      `hash-${requestId}`,
    ),
  ]);
  for (const item of items)
    await db
      .insertInto('study_request_item')
      .values({
        organization_id: study.organizationId,
        study_id: study.id,
        participant_id: target.participantId,
        request_id: requestId,
        instrument_id: item.instrumentId,
        measure_id: item.measureId,
        also_clinical: 0,
      })
      .execute();
  const key = await db
    .selectFrom('questionnaire_request')
    .select('respondent_key')
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  for (const instrumentId of answered)
    await db
      .insertInto('questionnaire_response')
      .values({
        id: randomUUID(),
        organization_id: study.organizationId,
        request_id: requestId,
        case_id: target.caseId,
        session_id: target.sessionId,
        respondent_key: key.respondent_key,
        submission_id: randomUUID(),
        instrument_id: instrumentId,
        instrument_version: '1',
        answers: '{"1":1}',
        submitted_at: '2026-11-12T10:00:00.000Z',
      })
      .execute();
  return requestId;
}

describe.each(testDialects)('the study dashboard on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date(NOW));

  it('counts every participant, consent and form of the study, and only those', async () => {
    const p = await createRolePractice(t.db);
    const { practice, staff } = p;
    const org = practice.organization.id;
    const study = await createTestStudy(t.db, practice, staff.researcher.id, {
      measures: [
        { instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [1, 2] },
        { instrumentId: 'client-sociodemographic', respondent: 'client', timing: 'enrolment' },
        { instrumentId: 'therapist-session-rating', respondent: 'therapist', sessionNumbers: [1] },
      ],
    });
    const [waiSr, socio, tsr] = study.measureIds as [string, string, string];
    const en1 = study.consentVersionId;
    const en2 = await addVersion(t.db, study, staff.researcher.id, 'en', 2);
    const es1 = await addVersion(t.db, study, staff.researcher.id, 'es', 1);
    const south = randomUUID();
    await insertClinic(
      t.db,
      { id: south, organizationId: org, name: 'South clinic', timeZone: 'Europe/Madrid' },
      CREATED,
    );
    await t.db
      .insertInto('study_clinic')
      .values({ organization_id: org, study_id: study.id, clinic_id: south, target_enrolment: 5 })
      .execute();

    // Cases of therapist 1 (the north clinic) and therapist 2 (the south clinic).
    const couple = await createTestCase(t.db, practice, staff.therapist1.id, { members: 2 });
    const [c2, c3, c4, c5] = [
      await createTestCase(t.db, practice, staff.therapist1.id),
      await createTestCase(t.db, practice, staff.therapist1.id),
      await createTestCase(t.db, practice, staff.therapist1.id),
      await createTestCase(t.db, practice, staff.therapist1.id),
    ];
    const [c6, c7] = [
      await createTestCase(t.db, practice, staff.therapist2.id),
      await createTestCase(t.db, practice, staff.therapist2.id),
    ];
    const client = async (
      c: Awaited<ReturnType<typeof createTestCase>>,
      status: ParticipantStatus,
      member = 0,
    ) =>
      createTestParticipant(
        t.db,
        practice,
        study,
        { role: 'client', caseId: c.careCase.id, clientId: c.clients[member]!.id },
        status,
      );
    const coupleA = await client(couple, 'consented');
    const coupleB = await client(couple, 'consented', 1);
    const p2 = await client(c2, 'consented');
    const p3 = await client(c3, 'withdrawn');
    const p4 = await client(c4, 'declined');
    await client(c5, 'invited');
    const t1 = await createTestParticipant(t.db, practice, study, {
      role: 'therapist',
      staffUserId: staff.therapist1.id,
    });
    const p6 = await client(c6, 'completed');
    const p7 = await client(c7, 'consented');
    const t2 = await createTestParticipant(t.db, practice, study, {
      role: 'therapist',
      staffUserId: staff.therapist2.id,
    });
    await t.db
      .updateTable('study_participant')
      .set({ clinic_id: south })
      .where('id', 'in', [p6.id, p7.id, t2.id])
      .execute();
    await t.db
      .updateTable('study_participant')
      .set({ needs_guardian: 1 })
      .where('id', '=', p7.id)
      .execute();

    await sign(t.db, study, coupleA.id, en1, '2026-10-05T09:00:00.000Z');
    await sign(t.db, study, coupleB.id, en1, '2026-10-05T09:30:00.000Z');
    await sign(t.db, study, p2.id, en1, '2026-10-06T10:00:00.000Z');
    await sign(t.db, study, t1.id, en1, '2026-10-06T23:59:59.000Z');
    await sign(t.db, study, p3.id, en1, '2026-10-07T10:00:00.000Z');
    await sign(t.db, study, p6.id, es1, '2026-10-20T10:00:00.000Z');
    await sign(t.db, study, p4.id, es1, '2026-10-21T10:00:00.000Z', 'declined');
    await sign(t.db, study, t2.id, es1, '2026-10-22T10:00:00.000Z');
    // p2 consents again on v2; the minor's guardian consents on v2 and the minor assents.
    await sign(t.db, study, p2.id, en2, '2026-11-10T10:00:00.000Z');
    await sign(
      t.db,
      study,
      p7.id,
      en2,
      '2026-11-10T11:00:00.000Z',
      'consented',
      'guardian-consent',
    );
    await sign(t.db, study, p7.id, en2, '2026-11-10T11:05:00.000Z', 'consented', 'assent');
    await t.db
      .updateTable('study')
      .set({ reconsent_below_version: 2 })
      .where('id', '=', study.id)
      .execute();

    // Forms: session 1 of the couple (both asked WAI-SR and the enrolment form, one answers
    // both, one only the WAI-SR, plus a clinical ORS the study did not ask), the therapist's
    // rating; session 2 of the couple's first member (unanswered) and of case 2 (both).
    const s = (c: typeof couple, n: number) => c.sessions[n - 1]!.id;
    const member = (c: typeof couple, i = 0) => ({
      kind: 'client' as const,
      clientId: c.clients[i]!.id,
    });
    const coupleA1Request = await askForms(
      t.db,
      study,
      {
        caseId: couple.careCase.id,
        sessionId: s(couple, 1),
        participantId: coupleA.id,
        respondent: member(couple),
      },
      [
        { instrumentId: 'wai-sr', measureId: waiSr },
        { instrumentId: 'client-sociodemographic', measureId: socio },
      ],
      ['wai-sr', 'client-sociodemographic', 'ors'],
    );
    await askForms(
      t.db,
      study,
      {
        caseId: couple.careCase.id,
        sessionId: s(couple, 1),
        participantId: coupleB.id,
        respondent: member(couple, 1),
      },
      [
        { instrumentId: 'wai-sr', measureId: waiSr },
        { instrumentId: 'client-sociodemographic', measureId: socio },
      ],
      ['wai-sr', 'ors'],
    );
    await askForms(
      t.db,
      study,
      {
        caseId: couple.careCase.id,
        sessionId: s(couple, 1),
        participantId: t1.id,
        respondent: { kind: 'therapist', staffUserId: staff.therapist1.id },
      },
      [{ instrumentId: 'therapist-session-rating', measureId: tsr }],
      ['therapist-session-rating'],
    );
    await askForms(
      t.db,
      study,
      {
        caseId: couple.careCase.id,
        sessionId: s(couple, 2),
        participantId: coupleA.id,
        respondent: member(couple),
      },
      [{ instrumentId: 'wai-sr', measureId: waiSr }],
      [],
    );
    await askForms(
      t.db,
      study,
      { caseId: c2.careCase.id, sessionId: s(c2, 2), participantId: p2.id, respondent: member(c2) },
      [
        { instrumentId: 'wai-sr', measureId: waiSr },
        { instrumentId: 'client-sociodemographic', measureId: socio },
      ],
      ['wai-sr', 'client-sociodemographic'],
    );

    // Another study of the same team, with a consented participant, signature and form:
    // none of it may show in this study's numbers.
    const other = await createTestStudy(t.db, practice, staff.researcher.id, {
      measures: [{ instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [1] }],
    });
    const otherP = await createTestParticipant(t.db, practice, other, {
      role: 'client',
      caseId: couple.careCase.id,
      clientId: couple.clients[0]!.id,
    });
    await sign(t.db, other, otherP.id, other.consentVersionId, '2026-10-05T09:00:00.000Z');
    // It asked the same WAI-SR in the couple's first session link (asked once, one item per
    // study), and a session-2 WAI-SR of its own.
    await t.db
      .insertInto('study_request_item')
      .values({
        organization_id: org,
        study_id: other.id,
        participant_id: otherP.id,
        request_id: coupleA1Request,
        instrument_id: 'wai-sr',
        measure_id: other.measureIds[0]!,
        also_clinical: 0,
      })
      .execute();
    await askForms(
      t.db,
      other,
      {
        caseId: couple.careCase.id,
        sessionId: s(couple, 3),
        participantId: otherP.id,
        respondent: member(couple),
      },
      [{ instrumentId: 'wai-sr', measureId: other.measureIds[0]! }],
      ['wai-sr'],
    );

    const researcher = await t.signedIn(staff.researcher.email);
    const response = await researcher.call('GET', `/api/research/studies/${study.id}/dashboard`);
    expect(response.statusCode).toBe(200);
    const dashboard = response.json();
    const zero = { invited: 0, consented: 0, declined: 0, withdrawn: 0, completed: 0 };
    expect(dashboard).toEqual({
      studyId: study.id,
      title: expect.stringContaining('Test study'),
      status: 'recruiting',
      minCellSize: 0,
      reconsentBelowVersion: 2,
      clinics: [
        {
          clinicId: practice.clinic.id,
          clinicName: practice.clinic.name,
          targetEnrolment: 6,
          // The couple and case 2; the withdrawn, declined and invited do not count.
          enrolledCases: 2,
          roles: [
            {
              role: 'client',
              statuses: { invited: 1, consented: 3, declined: 1, withdrawn: 1, completed: 0 },
            },
            { role: 'therapist', statuses: { ...zero, consented: 1 } },
          ],
        },
        {
          clinicId: south,
          clinicName: 'South clinic',
          targetEnrolment: 5,
          enrolledCases: 2,
          roles: [
            { role: 'client', statuses: { ...zero, consented: 1, completed: 1 } },
            { role: 'therapist', statuses: { ...zero, consented: 1 } },
          ],
        },
      ].sort((a, b) => a.clinicName.localeCompare(b.clinicName)),
      consentVersions: [
        {
          language: 'en',
          version: 1,
          effectiveFrom: '2026-10-01',
          consented: 5,
          declined: 0,
          assents: 0,
        },
        {
          language: 'en',
          version: 2,
          effectiveFrom: '2026-10-02',
          consented: 2,
          declined: 0,
          assents: 1,
        },
        {
          language: 'es',
          version: 1,
          effectiveFrom: '2026-10-01',
          consented: 2,
          declined: 1,
          assents: 0,
        },
      ],
      // Consented and on a version below 2 by their latest consent: not p2 (re-consented on
      // v2), not the minor (v2), not the withdrawn or completed.
      reconsent: [
        {
          pseudonym: coupleA.pseudonym,
          role: 'client',
          clinicName: practice.clinic.name,
          language: 'en',
          version: 1,
        },
        {
          pseudonym: coupleB.pseudonym,
          role: 'client',
          clinicName: practice.clinic.name,
          language: 'en',
          version: 1,
        },
        {
          pseudonym: t1.pseudonym,
          role: 'therapist',
          clinicName: practice.clinic.name,
          language: 'en',
          version: 1,
        },
        {
          pseudonym: t2.pseudonym,
          role: 'therapist',
          clinicName: 'South clinic',
          language: 'es',
          version: 1,
        },
      ].sort((a, b) => a.pseudonym.localeCompare(b.pseudonym)),
      forms: [
        {
          role: 'client',
          sessionNumber: null,
          instrumentId: 'client-sociodemographic',
          asked: 3,
          answered: 2,
        },
        { role: 'client', sessionNumber: 1, instrumentId: 'wai-sr', asked: 2, answered: 2 },
        { role: 'client', sessionNumber: 2, instrumentId: 'wai-sr', asked: 2, answered: 1 },
        {
          role: 'therapist',
          sessionNumber: 1,
          instrumentId: 'therapist-session-rating',
          asked: 1,
          answered: 1,
        },
      ],
      // Mondays; the assent is not a consent of its own; quiet weeks are zeros.
      weeks: [
        { weekStart: '2026-10-05', consented: 5, declined: 0 },
        { weekStart: '2026-10-12', consented: 0, declined: 0 },
        { weekStart: '2026-10-19', consented: 2, declined: 1 },
        { weekStart: '2026-10-26', consented: 0, declined: 0 },
        { weekStart: '2026-11-02', consented: 0, declined: 0 },
        { weekStart: '2026-11-09', consented: 2, declined: 0 },
      ],
      interviews: {
        client: { interviews: 0, participants: 0 },
        therapist: { interviews: 0, participants: 0 },
        dueSoon: 0,
        overdue: 0,
        missed: 0,
        sites: [],
      },
    });

    // Pseudonyms and counts only: no name, typed name, case, client or staff id.
    const text = response.body;
    for (const secret of [
      'Ana Núñez Typed',
      couple.clients[0]!.givenName,
      couple.clients[0]!.familyName,
      couple.clients[0]!.id,
      couple.careCase.id,
      couple.careCase.reference,
      staff.therapist1.id,
      staff.therapist1.email,
    ])
      expect(text).not.toContain(secret);

    // Audited as a read of study data, with a count only.
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['entity_type', 'entity_id', 'details'])
      .where('organization_id', '=', org)
      .where('action', '=', 'study.dashboard.read')
      .execute();
    expect(audit).toEqual([
      { entity_type: 'study', entity_id: study.id, details: JSON.stringify({ participants: 10 }) },
    ]);
  });

  it('shows an empty study as zeros, and only to its team', async () => {
    const p = await createRolePractice(t.db);
    const study = await createTestStudy(t.db, p.practice, p.staff.researcher.id);
    const path = `/api/research/studies/${study.id}/dashboard`;
    const researcher = await t.signedIn(p.staff.researcher.email);
    const empty = (await researcher.call('GET', path)).json();
    expect(empty.clinics[0].enrolledCases).toBe(0);
    expect(empty.consentVersions).toEqual([
      {
        language: 'en',
        version: 1,
        effectiveFrom: '2026-10-01',
        consented: 0,
        declined: 0,
        assents: 0,
      },
    ]);
    expect([empty.reconsent, empty.forms, empty.weeks]).toEqual([[], [], []]);

    const outsider = await createStaffWithPassword(t.db, p.practice, 'researcher');
    expect((await (await t.signedIn(outsider.email)).call('GET', path)).statusCode).toBe(404);
    const foreign = await createRolePractice(t.db);
    expect(
      (await (await t.signedIn(foreign.staff.researcher.email)).call('GET', path)).statusCode,
    ).toBe(404);
    for (const email of [p.staff.admin.email, p.staff.therapist1.email, p.staff.supervisor.email])
      expect((await (await t.signedIn(email)).call('GET', path)).statusCode).toBe(403);
    expect(
      (await researcher.call('GET', '/api/research/studies/not-a-uuid/dashboard')).statusCode,
    ).toBe(400);
  });

  // Not used today (the team sees pseudonyms anyway), but the dashboard is written so that a
  // threshold could be set: every count of 1 to k - 1 then goes out as null, 0 stays 0.
  it('withholds small cells when a threshold is set', async () => {
    const p = await createRolePractice(t.db);
    const study = await createTestStudy(t.db, p.practice, p.staff.researcher.id);
    const cases = [
      await createTestCase(t.db, p.practice, p.staff.therapist1.id),
      await createTestCase(t.db, p.practice, p.staff.therapist1.id),
      await createTestCase(t.db, p.practice, p.staff.therapist1.id),
      await createTestCase(t.db, p.practice, p.staff.therapist1.id),
    ];
    for (const [i, c] of cases.entries()) {
      const participant = await createTestParticipant(
        t.db,
        p.practice,
        study,
        { role: 'client', caseId: c.careCase.id, clientId: c.clients[0]!.id },
        i < 3 ? 'consented' : 'declined',
      );
      await sign(
        t.db,
        study,
        participant.id,
        study.consentVersionId,
        '2026-10-05T10:00:00.000Z',
        i < 3 ? 'consented' : 'declined',
      );
    }
    const actor = {
      userId: p.staff.researcher.id,
      organizationId: p.practice.organization.id,
      roles: [{ clinicId: p.practice.clinic.id, role: 'researcher' as const }],
      authSessionId: randomUUID(),
    };
    const read = (k: number) =>
      readStudyDashboard(
        { db: t.db, clock: () => new Date(NOW) },
        actor,
        study.id,
        { ip: null, requestId: null },
        k,
      );
    const open = await read(0);
    const withheld = await read(3);
    expect(open.clinics[0]!.roles[0]!.statuses).toEqual({
      invited: 0,
      consented: 3,
      declined: 1,
      withdrawn: 0,
      completed: 0,
    });
    expect(withheld.minCellSize).toBe(3);
    expect(withheld.clinics[0]!.roles[0]!.statuses).toEqual({
      invited: 0,
      consented: 3,
      declined: null,
      withdrawn: 0,
      completed: 0,
    });
    expect(withheld.consentVersions[0]).toMatchObject({ consented: 3, declined: null });
    expect(withheld.weeks).toEqual([{ weekStart: '2026-10-05', consented: 3, declined: null }]);
  });
});
