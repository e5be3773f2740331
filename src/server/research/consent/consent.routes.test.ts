import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword, signedIn } from '../../../../test/helpers/auth-client.ts';
import { createTestCase, createTestPractice } from '../../../../test/helpers/factories.ts';
import { createTestStudy } from '../../../../test/helpers/study.fixture.ts';
import { useTestClock } from '../../../../test/helpers/test-clock.ts';
import { openTestDatabase, testDialects } from '../../../../test/helpers/test-databases.ts';
import { consentShownText } from '../../../core/research/consent-rules.ts';
import { buildApp } from '../../app.ts';
import { listAuditEvents } from '../../audit/audit.repository.ts';
import { defaultAuthSettings } from '../../auth/auth-settings.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { insertSupervision } from '../../staff/staff.repository.ts';
import { sha256Hex } from './consent-token.ts';

const SECRET = 'consent-secret-0123456789-0123456789-abcdef';

/** The text pdftotext reads from a PDF (poppler, as a person's viewer would show it). */
function pdfText(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rapport-receipt-')), 'receipt.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const tokenOf = (url: string) => url.split('#')[1]!;

describe.each(testDialects)('consent, enrolment and withdrawal on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const time = useTestClock('2026-12-04T10:00:00Z');

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock: time.clock,
      auth: { ...defaultAuthSettings, mode: 'password-only', loginAttemptsPerAddress: 1000 },
      secret: SECRET,
      publicUrl: 'https://rapport.test.example',
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const publicCall = (url: string, payload: object) =>
    app.inject({ method: 'POST', url, payload, remoteAddress: '10.1.2.3' });

  async function setUp(options: { members?: number; withdrawalPolicy?: 'keep' | 'delete' } = {}) {
    const db = handle.db;
    const practice = await createTestPractice(db);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
    const researcher = await createStaffWithPassword(db, practice, 'researcher');
    const outsider = await createStaffWithPassword(db, practice, 'researcher');
    await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
    const made = await createTestCase(db, practice, therapist.id, {
      type: (options.members ?? 1) > 1 ? 'family' : 'individual',
      members: options.members ?? 1,
    });
    const study = await createTestStudy(db, practice, researcher.id, {
      withdrawalPolicy: options.withdrawalPolicy ?? 'keep',
    });
    return {
      practice,
      made,
      study,
      caseId: made.careCase.id,
      therapist: await signedIn(app, therapist.email),
      therapistId: therapist.id,
      supervisor: await signedIn(app, supervisor.email),
      researcher: await signedIn(app, researcher.email),
      outsider: await signedIn(app, outsider.email),
    };
  }

  async function enrol(f: Awaited<ReturnType<typeof setUp>>, clientId: string) {
    const response = await f.therapist.call('POST', `/api/cases/${f.caseId}/research/enrolments`, {
      studyId: f.study.id,
      clientId,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as {
      participantId: string;
      pseudonym: string;
      links: { invitationId: string; kind: string; url: string }[];
    };
  }

  async function consentRows(participantId: string) {
    return handle.db
      .selectFrom('consent_record')
      .selectAll()
      .where('participant_id', '=', participantId)
      .orderBy('signed_at')
      .execute();
  }

  it('enrols a client, refuses bad decisions storing nothing, and stores a consent with its receipt', async () => {
    const f = await setUp();
    const enrolled = await enrol(f, f.made.clients[0]!.id);
    expect(enrolled.pseudonym).toBe('C01');
    expect(enrolled.links).toHaveLength(1);
    expect(enrolled.links[0]!.url).toMatch(/^https:\/\/rapport\.test\.example\/consent#/);
    const token = tokenOf(enrolled.links[0]!.url);

    const viewed = await publicCall('/api/public/consent/view', { token });
    expect(viewed.statusCode).toBe(200);
    const view = viewed.json();
    expect(view).toMatchObject({ kind: 'consent', version: 1, language: 'en' });
    expect(view.textSha256).toBe(
      sha256Hex(
        consentShownText({ informationText: view.informationText, statements: view.statements }),
      ),
    );

    const good = {
      token,
      decision: 'consented',
      tickedStatements: [0, 1],
      typedName: 'Ana Client',
      textSha256: view.textSha256,
    };
    for (const [body, status, message] of [
      [{ ...good, tickedStatements: [0] }, 400, 'Every consent statement must be ticked'],
      [{ ...good, typedName: '   ' }, 400, 'Type your full name'],
      [{ ...good, typedName: 'x'.repeat(10_000) }, 400, 'longer than 200'],
      [{ ...good, tickedStatements: [0, 1, 5] }, 400, 'does not belong'],
      [{ ...good, token: 'A'.repeat(43) }, 404, 'not valid'],
      [{ ...good, textSha256: '0'.repeat(64) }, 409, 'changed'],
    ] as const) {
      const refused = await publicCall('/api/public/consent/decision', body);
      expect(refused.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(refused.json().detail).toContain(message);
    }
    expect(await consentRows(enrolled.participantId)).toEqual([]);

    const done = await publicCall('/api/public/consent/decision', good);
    expect(done.statusCode, done.body).toBe(200);
    const { receiptToken, recordId } = done.json();
    expect(receiptToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The link was single-use.
    expect((await publicCall('/api/public/consent/view', { token })).statusCode).toBe(404);
    expect((await publicCall('/api/public/consent/decision', good)).statusCode).toBe(404);

    const [record] = await consentRows(enrolled.participantId);
    expect(record).toMatchObject({
      id: recordId,
      decision: 'consented',
      channel: 'link',
      kind: 'consent',
      typed_name: 'Ana Client',
      text_sha256: view.textSha256,
      consent_version_id: f.study.consentVersionId,
    });
    expect(record!.receipt_token_hash).toBe(sha256Hex(receiptToken));
    const participant = await handle.db
      .selectFrom('study_participant')
      .select(['status'])
      .where('id', '=', enrolled.participantId)
      .executeTakeFirstOrThrow();
    expect(participant.status).toBe('consented');

    const pdf = await publicCall('/api/public/consent/receipt/pdf', { token: receiptToken });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(sha256Hex(pdf.rawPayload)).toBe(record!.receipt_sha256);
    const text = pdfText(pdf.rawPayload);
    const title = (
      await handle.db
        .selectFrom('study')
        .select('title')
        .where('id', '=', f.study.id)
        .executeTakeFirstOrThrow()
    ).title;
    expect(text).toContain(title);
    expect(text).toContain('Consent version: 1');
    expect(text).toContain('2026-12-04');
    expect(text).toContain('Ana Client');

    // The study team downloads the same bytes and lists records by pseudonym, without names;
    // another researcher, the therapist and the supervisor do not reach them.
    const team = await f.researcher.call(
      'GET',
      `/api/research/consent-records/${recordId}/receipt`,
    );
    expect(team.statusCode).toBe(200);
    expect(team.rawPayload.equals(pdf.rawPayload)).toBe(true);
    const listed = await f.researcher.call(
      'GET',
      `/api/research/participants/${enrolled.participantId}/consent-records`,
    );
    expect(listed.json().records).toEqual([
      expect.objectContaining({
        id: recordId,
        pseudonym: 'C01',
        version: 1,
        decision: 'consented',
      }),
    ]);
    expect(listed.body).not.toContain('Ana Client');
    for (const other of [f.outsider, f.therapist, f.supervisor])
      expect(
        (await other.call('GET', `/api/research/consent-records/${recordId}/receipt`)).statusCode,
      ).toBe(404);
    const reads = await listAuditEvents(handle.db, f.practice.organization.id, {
      action: 'consent.receipt.read',
    });
    expect(reads).toHaveLength(1);

    // A later consent version leaves the earlier record and receipt byte-identical.
    await handle.db
      .insertInto('consent_version')
      .values({
        id: randomUUID(),
        organization_id: f.study.organizationId,
        study_id: f.study.id,
        language: 'en',
        version: 2,
        information_text: '# About this study, v2\n\nNew text.',
        statements: JSON.stringify(['I have read version 2.']),
        effective_from: '2026-12-04',
        created_by: f.therapistId,
        created_at: '2026-12-04T10:00:00.000Z',
        updated_at: '2026-12-04T10:00:00.000Z',
      })
      .execute();
    const second = await enrol(f, (await addMember(f)).id);
    const v2 = await publicCall('/api/public/consent/view', {
      token: tokenOf(second.links[0]!.url),
    });
    expect(v2.json().version).toBe(2);
    expect(await consentRows(enrolled.participantId)).toEqual([record]);
    const again = await publicCall('/api/public/consent/receipt/pdf', { token: receiptToken });
    expect(again.rawPayload.equals(pdf.rawPayload)).toBe(true);
  });

  async function addMember(
    f: Awaited<ReturnType<typeof setUp>>,
    person: { givenName?: string; dateOfBirth?: string | null; language?: string } = {},
  ) {
    const id = randomUUID();
    await handle.db
      .insertInto('client')
      .values({
        id,
        organization_id: f.practice.organization.id,
        clinic_id: f.practice.clinic.id,
        given_name: person.givenName ?? 'Member',
        family_name: `Added ${id.slice(0, 6)}`,
        birth_year: person.dateOfBirth ? Number(person.dateOfBirth.slice(0, 4)) : 1985,
        preferred_language: person.language ?? 'en',
        email: null,
        created_at: '2026-11-01T10:00:00.000Z',
        preferred_name: null,
        date_of_birth: person.dateOfBirth ?? null,
        mobile: null,
        updated_at: null,
      })
      .execute();
    await handle.db
      .insertInto('case_member')
      .values({
        organization_id: f.practice.organization.id,
        case_id: f.caseId,
        client_id: id,
        relationship: 'self',
        guardian_name: null,
        guardian_contact: null,
      })
      .execute();
    return { id };
  }

  it('prints a Spanish consent with accents in the receipt', async () => {
    const f = await setUp();
    await handle.db
      .insertInto('consent_version')
      .values({
        id: randomUUID(),
        organization_id: f.study.organizationId,
        study_id: f.study.id,
        language: 'es',
        version: 1,
        information_text: '# Información del estudio\n\nParticipación voluntaria.',
        statements: JSON.stringify(['He leído la información.', 'Acepto participar.']),
        effective_from: '2026-10-01',
        created_by: f.therapistId,
        created_at: '2026-11-01T10:00:00.000Z',
        updated_at: '2026-11-01T10:00:00.000Z',
      })
      .execute();
    const member = await addMember(f, { language: 'es' });
    const enrolled = await enrol(f, member.id);
    const token = tokenOf(enrolled.links[0]!.url);
    const view = (await publicCall('/api/public/consent/view', { token })).json();
    expect(view.language).toBe('es');
    const done = await publicCall('/api/public/consent/decision', {
      token,
      decision: 'consented',
      tickedStatements: [0, 1],
      typedName: 'José Peña',
      textSha256: view.textSha256,
    });
    expect(done.statusCode, done.body).toBe(200);
    const pdf = await publicCall('/api/public/consent/receipt/pdf', {
      token: done.json().receiptToken,
    });
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('José Peña');
    expect(text).toContain('Versión del consentimiento: 1');
    expect(text).toContain('Información del estudio');
  });

  it('asks a minor for guardian consent and assent, and a withdrawal revokes the open link', async () => {
    const f = await setUp();
    const minor = await addMember(f, { dateOfBirth: '2011-03-01' });
    const enrolled = await enrol(f, minor.id);
    expect(enrolled.links.map((l) => l.kind)).toEqual(['guardian-consent', 'assent']);
    const [guardianLink, assentLink] = enrolled.links.map((l) => tokenOf(l.url));
    const sign = async (token: string, name: string) => {
      const view = (await publicCall('/api/public/consent/view', { token })).json();
      const done = await publicCall('/api/public/consent/decision', {
        token,
        decision: 'consented',
        tickedStatements: [0, 1],
        typedName: name,
        textSha256: view.textSha256,
      });
      expect(done.statusCode, done.body).toBe(200);
      return done.json().receiptToken as string;
    };
    const guardianReceipt = await sign(guardianLink!, 'Parent Guardian');
    const status = async () =>
      await handle.db
        .selectFrom('study_participant')
        .select(['status', 'withdrawal_data'])
        .where('id', '=', enrolled.participantId)
        .executeTakeFirstOrThrow();
    expect((await status()).status).toBe('invited');

    // The guardian withdraws before the assent: at once, and the assent link stops working.
    const receipt = await publicCall('/api/public/consent/receipt', { token: guardianReceipt });
    expect(receipt.json()).toMatchObject({ kind: 'guardian-consent', canWithdraw: true });
    const withdrawn = await publicCall('/api/public/consent/withdrawal', {
      token: guardianReceipt,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toEqual({ participantStatus: 'withdrawn', withdrawalData: 'kept' });
    expect(await status()).toEqual({ status: 'withdrawn', withdrawal_data: 'kept' });
    expect((await publicCall('/api/public/consent/view', { token: assentLink! })).statusCode).toBe(
      404,
    );
    const events = await handle.db
      .selectFrom('study_participant_event')
      .select(['status', 'actor_kind'])
      .where('participant_id', '=', enrolled.participantId)
      .orderBy('at')
      .execute();
    expect(events).toEqual([
      { status: 'invited', actor_kind: 'staff' },
      { status: 'withdrawn', actor_kind: 'participant' },
    ]);
    expect(
      (await publicCall('/api/public/consent/withdrawal', { token: guardianReceipt })).statusCode,
    ).toBe(409);
  });

  it('completes a minor with guardian consent and assent: two records', async () => {
    const f = await setUp();
    const minor = await addMember(f, { dateOfBirth: '2012-01-01' });
    const enrolled = await enrol(f, minor.id);
    for (const [i, link] of enrolled.links.entries()) {
      const token = tokenOf(link.url);
      const view = (await publicCall('/api/public/consent/view', { token })).json();
      const done = await publicCall('/api/public/consent/decision', {
        token,
        decision: 'consented',
        tickedStatements: [0, 1],
        typedName: i === 0 ? 'Guardian Name' : 'Young Person',
        textSha256: view.textSha256,
      });
      expect(done.statusCode).toBe(200);
    }
    expect((await consentRows(enrolled.participantId)).map((r) => r.kind)).toEqual([
      'guardian-consent',
      'assent',
    ]);
    const p = await handle.db
      .selectFrom('study_participant')
      .select('status')
      .where('id', '=', enrolled.participantId)
      .executeTakeFirstOrThrow();
    expect(p.status).toBe('consented');
  });

  it('records a decline, which cannot be withdrawn', async () => {
    const f = await setUp();
    const enrolled = await enrol(f, f.made.clients[0]!.id);
    const token = tokenOf(enrolled.links[0]!.url);
    const view = (await publicCall('/api/public/consent/view', { token })).json();
    const done = await publicCall('/api/public/consent/decision', {
      token,
      decision: 'declined',
      tickedStatements: [],
      typedName: 'No Thanks',
      textSha256: view.textSha256,
    });
    expect(done.statusCode).toBe(200);
    const receipt = await publicCall('/api/public/consent/receipt', {
      token: done.json().receiptToken,
    });
    expect(receipt.json()).toMatchObject({
      decision: 'declined',
      participantStatus: 'declined',
      canWithdraw: false,
    });
  });

  it('gives stable, unique pseudonyms under concurrent enrolment, and T01 to the therapist', async () => {
    const f = await setUp();
    const members = await Promise.all(Array.from({ length: 6 }, () => addMember(f)));
    const results = await Promise.all(
      members.map((m) =>
        f.therapist.call('POST', `/api/cases/${f.caseId}/research/enrolments`, {
          studyId: f.study.id,
          clientId: m.id,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
    expect(results.map((r) => r.json().pseudonym).sort()).toEqual([
      'C01',
      'C02',
      'C03',
      'C04',
      'C05',
      'C06',
    ]);
    const twice = await f.therapist.call('POST', `/api/cases/${f.caseId}/research/enrolments`, {
      studyId: f.study.id,
      clientId: members[0]!.id,
    });
    expect(twice.statusCode).toBe(409);

    const self = await f.therapist.call(
      'POST',
      `/api/cases/${f.caseId}/research/therapist-enrolment`,
      { studyId: f.study.id },
    );
    expect(self.json()).toMatchObject({ pseudonym: 'T01', status: 'invited', links: [] });
    const participantId = self.json().participantId as string;
    const url = `/api/research/me/participations/${participantId}/consent`;
    const view = (await f.therapist.call('GET', url)).json();
    expect(view).toMatchObject({ participantStatus: 'invited', recordId: null, version: 1 });
    const refused = await f.therapist.call('POST', url, {
      decision: 'consented',
      tickedStatements: [1],
      typedName: 'Test Therapist',
      textSha256: view.textSha256,
    });
    expect(refused.statusCode).toBe(400);
    const signed = await f.therapist.call('POST', url, {
      decision: 'consented',
      tickedStatements: [0, 1],
      typedName: 'Test Therapist',
      textSha256: view.textSha256,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().receiptToken).toBeNull();
    const receipt = await f.therapist.call(
      'GET',
      `/api/research/me/consent-records/${signed.json().recordId}/receipt`,
    );
    expect(pdfText(receipt.rawPayload)).toContain('Test Therapist');
    expect((await f.supervisor.call('GET', url)).statusCode).toBe(404);

    // The research panel: the therapist sees who is enrolled; the supervisor does not.
    const panel = await f.therapist.call('GET', `/api/cases/${f.caseId}/research`);
    expect(panel.statusCode).toBe(200);
    expect(panel.json().participants).toHaveLength(7);
    expect(panel.json().studies).toEqual([
      { id: f.study.id, title: expect.any(String), languages: ['en'] },
    ]);
    expect((await f.supervisor.call('GET', `/api/cases/${f.caseId}/research`)).statusCode).toBe(
      404,
    );
    const invitationId = panel.json().participants[0].invitations[0].id as string;
    const link = await f.therapist.call(
      'POST',
      `/api/research/consent-invitations/${invitationId}/link`,
    );
    expect(link.json().url).toBe(
      results.find((r) => r.json().participantId === panel.json().participants[0].id)!.json()
        .links[0].url,
    );
  });

  it('withdrawal with "delete" removes the study-only answers and scores, and nothing else', async () => {
    const f = await setUp({ withdrawalPolicy: 'delete' });
    const client = f.made.clients[0]!;
    const enrolled = await enrol(f, client.id);
    const token = tokenOf(enrolled.links[0]!.url);
    const view = (await publicCall('/api/public/consent/view', { token })).json();
    await publicCall('/api/public/consent/decision', {
      token,
      decision: 'consented',
      tickedStatements: [0, 1],
      typedName: 'Ana Client',
      textSha256: view.textSha256,
    });
    // One request that asked the study's WHO-5 (study only) and the WAI-SR (also clinical).
    const org = f.practice.organization.id;
    const session = f.made.sessions[0]!;
    const requestId = randomUUID();
    await handle.db
      .insertInto('questionnaire_request')
      .values({
        id: requestId,
        organization_id: org,
        case_id: f.caseId,
        session_id: session.id,
        respondent_kind: 'client',
        client_id: client.id,
        staff_user_id: null,
        respondent_key: `client:${client.id}`,
        instruments: JSON.stringify(['wai-sr', 'who-5']),
        language: 'en',
        token_hash: `hash-${requestId}`,
        status: 'completed',
        created_at: '2026-11-02T10:00:00.000Z',
        expires_at: '2026-11-09T10:00:00.000Z',
        completed_at: '2026-11-02T11:00:00.000Z',
        occasion: 'session',
        revoked_at: null,
        first_opened_at: null,
      })
      .execute();
    const measureId = randomUUID();
    await handle.db
      .insertInto('study_measure')
      .values({
        id: measureId,
        organization_id: org,
        study_id: f.study.id,
        instrument_id: 'who-5',
        respondent: 'client',
        timing: 'sessions',
        session_numbers: '[1]',
        options: null,
        position: 0,
      })
      .execute();
    const responseIds: Record<string, string> = {};
    for (const instrument of ['wai-sr', 'who-5']) {
      const id = randomUUID();
      responseIds[instrument] = id;
      await handle.db
        .insertInto('questionnaire_response')
        .values({
          id,
          organization_id: org,
          request_id: requestId,
          case_id: f.caseId,
          session_id: session.id,
          respondent_key: `client:${client.id}`,
          submission_id: randomUUID(),
          instrument_id: instrument,
          instrument_version: '1.0.0',
          answers: '{}',
          submitted_at: '2026-11-02T11:00:00.000Z',
        })
        .execute();
      await handle.db
        .insertInto('score')
        .values({
          id: randomUUID(),
          organization_id: org,
          response_id: id,
          case_id: f.caseId,
          session_id: session.id,
          session_number: 1,
          respondent_kind: 'client',
          client_id: client.id,
          staff_user_id: null,
          instrument_id: instrument,
          instrument_version: '1.0.0',
          scale_id: 'total',
          value: 10,
          item_mean: 2,
          answered: 5,
          item_count: 5,
          prorated: 0,
          band: null,
          flags: '[]',
          scored_at: '2026-11-02T11:00:00.000Z',
        })
        .execute();
      await handle.db
        .insertInto('study_request_item')
        .values({
          organization_id: org,
          study_id: f.study.id,
          participant_id: enrolled.participantId,
          request_id: requestId,
          instrument_id: instrument,
          measure_id: measureId,
          also_clinical: instrument === 'wai-sr' ? 1 : 0,
        })
        .execute();
    }

    // The therapist cannot record a withdrawal for the study; the team can.
    const url = `/api/research/participants/${enrolled.participantId}/withdrawal`;
    expect((await f.therapist.call('POST', url)).statusCode).toBe(404);
    const withdrawn = await f.researcher.call('POST', url);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toEqual({ participantStatus: 'withdrawn', withdrawalData: 'deleted' });

    const responses = await handle.db
      .selectFrom('questionnaire_response')
      .select('instrument_id')
      .where('request_id', '=', requestId)
      .execute();
    expect(responses.map((r) => r.instrument_id)).toEqual(['wai-sr']);
    const scores = await handle.db
      .selectFrom('score')
      .select('response_id')
      .where('case_id', '=', f.caseId)
      .execute();
    expect(scores.map((s) => s.response_id)).toEqual([responseIds['wai-sr']]);
    const items = await handle.db
      .selectFrom('study_request_item')
      .select('instrument_id')
      .where('participant_id', '=', enrolled.participantId)
      .execute();
    expect(items).toEqual([]);
    // The consent record stays: it is the evidence of what was agreed and withdrawn.
    expect(await consentRows(enrolled.participantId)).toHaveLength(1);
    const [audit] = await listAuditEvents(handle.db, org, { action: 'study-participant.withdraw' });
    expect(audit!.details).toMatchObject({
      withdrawalData: 'deleted',
      deletedResponses: 1,
      deletedScores: 1,
      deletedRequestItems: 2,
    });
    expect(audit!.actorType).toBe('staff');
    const [deletion] = await listAuditEvents(handle.db, org, { action: 'study-data.delete' });
    expect(deletion!.details).toMatchObject({ responses: 1, scores: 1, items: 2 });
  });
});
