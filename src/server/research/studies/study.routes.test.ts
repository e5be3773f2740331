import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../../../../test/helpers/auth-client.ts';
import { createRolePractice } from '../../../../test/helpers/role-practice.ts';
import { createTestParticipant, createTestStudy } from '../../../../test/helpers/study.fixture.ts';
import { useTestApp } from '../../../../test/helpers/test-app.ts';
import { testDialects } from '../../../../test/helpers/test-databases.ts';
import type { Database } from '../../db/database.ts';
import {
  insertRequests,
  requestToRow,
} from '../../measurement/questionnaire-request.repository.ts';
import { insertClinic } from '../../organizations/organization.repository.ts';
import { SIGNED_VERSION_MESSAGE } from './consent-version.service.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const XSS = '<img src=x onerror=alert(1)>';

const studyBody = (clinicId: string, researcherId: string, extra: object = {}) => ({
  title: `Alliance formation ${XSS}`,
  protocolSummary: 'Twelve therapists each recruit one client; sessions 3 and 5 are followed.',
  principalInvestigator: 'Dr Marta Ruiz',
  ethicsReference: 'CEI-2026-014',
  ethicsApprovedOn: '2026-10-01',
  withdrawalPolicy: 'keep',
  therapistAllianceInstrumentId: 'therapist-session-rating',
  reconsentBelowVersion: null,
  clinics: [{ clinicId, targetEnrolment: 7 }],
  team: [{ staffUserId: researcherId, senior: true }],
  measures: [
    { instrumentId: 'wai-sr', respondent: 'client', timing: 'sessions', sessionNumbers: [5, 3] },
    { instrumentId: 'who-5', respondent: 'client', timing: 'sessions', sessionNumbers: [3, 5] },
  ],
  ...extra,
});

const consentBody = (extra: object = {}) => ({
  language: 'en',
  informationText: '# About the study\n\nTaking part is **voluntary**. [More](https://example.org)',
  statements: ['I have read the information.', 'I agree to take part.'],
  effectiveFrom: '2026-10-01',
  ...extra,
});

const studyRows = async (db: Database, organizationId: string) => ({
  studies: await db
    .selectFrom('study')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute(),
  clinics: await db
    .selectFrom('study_clinic')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('study_id')
    .orderBy('clinic_id')
    .execute(),
  team: await db
    .selectFrom('study_team_member')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('study_id')
    .orderBy('staff_user_id')
    .execute(),
  measures: await db
    .selectFrom('study_measure')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute(),
  versions: await db
    .selectFrom('consent_version')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute(),
});

describe.each(testDialects)('research studies over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date(NOW));

  it('a researcher creates a study, edits it and moves its status forward only', async () => {
    const p = await createRolePractice(t.db);
    const org = p.practice.organization.id;
    const researcher = await t.signedIn(p.staff.researcher.email);

    const created = await researcher.call(
      'POST',
      '/api/research/studies',
      studyBody(p.practice.clinic.id, p.staff.researcher.id),
    );
    expect(created.statusCode).toBe(201);
    const study = created.json();
    expect(study).toMatchObject({
      title: `Alliance formation ${XSS}`,
      status: 'draft',
      clinics: [{ clinicId: p.practice.clinic.id, targetEnrolment: 7 }],
      team: [{ staffUserId: p.staff.researcher.id, senior: true }],
      measures: [
        { instrumentId: 'wai-sr', sessionNumbers: [3, 5], timing: 'sessions' },
        { instrumentId: 'who-5', sessionNumbers: [3, 5] },
      ],
    });

    const list = (await researcher.call('GET', '/api/research/studies')).json();
    expect(list.studies.map((s: { id: string }) => s.id)).toEqual([study.id]);

    // Edit: a measure kept by id, one removed, one at enrolment added.
    const edited = await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
      title: 'Alliance formation in the first five sessions',
      measures: [
        { ...study.measures[0], options: null },
        {
          instrumentId: 'therapist-session-rating',
          respondent: 'therapist',
          timing: 'sessions',
          sessionNumbers: [3, 5],
        },
      ],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().measures.map((m: { id: string }) => m.id)[0]).toBe(study.measures[0].id);
    expect(edited.json().measures).toHaveLength(2);

    // Forward only, and recruiting only with a consent version to sign.
    const skip = await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
      status: 'closed',
    });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().detail).toMatch(/forward only/);
    const early = await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
      status: 'recruiting',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/consent version/);
    expect(
      (
        await researcher.call(
          'POST',
          `/api/research/studies/${study.id}/consent-versions`,
          consentBody(),
        )
      ).statusCode,
    ).toBe(201);
    const recruiting = await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
      status: 'recruiting',
    });
    expect(recruiting.statusCode).toBe(200);
    expect(recruiting.json().status).toBe('recruiting');
    const back = await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
      status: 'draft',
    });
    expect(back.statusCode).toBe(409);
    expect((await researcher.call('GET', `/api/research/studies/${study.id}`)).json().status).toBe(
      'recruiting',
    );

    // Every read is audited, with identifiers and counts only.
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id', 'details'])
      .where('organization_id', '=', org)
      .where('actor_id', '=', p.staff.researcher.id)
      .where('action', 'in', ['study.read', 'study.list', 'study.create', 'study.update'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'study.create',
      'study.list',
      'study.read',
      'study.update',
      'study.update',
    ]);
    expect(JSON.stringify(audit)).not.toContain('Alliance');
  });

  it('refuses bad input with a clear 400 and stores nothing', async () => {
    const p = await createRolePractice(t.db);
    const org = p.practice.organization.id;
    const researcher = await t.signedIn(p.staff.researcher.email);
    const other = await createRolePractice(t.db);
    const before = await studyRows(t.db, org);
    const long = 'x'.repeat(10_000);
    const base = studyBody(p.practice.clinic.id, p.staff.researcher.id);
    const bad: [object, RegExp][] = [
      [{ ...base, title: long }, /title/],
      [{ ...base, title: '   ' }, /title/],
      [{ ...base, protocolSummary: long }, /protocolSummary/],
      [{ ...base, principalInvestigator: long }, /principalInvestigator/],
      [{ ...base, ethicsReference: long }, /ethicsReference/],
      [{ ...base, ethicsApprovedOn: '1 October' }, /ethicsApprovedOn/],
      [{ ...base, status: 'recruiting' }, /status/],
      [{ ...base, clinics: [] }, /clinics/],
      [
        { ...base, clinics: [{ clinicId: other.practice.clinic.id, targetEnrolment: 5 }] },
        /clinic/,
      ],
      [{ ...base, team: [{ staffUserId: p.staff.therapist1.id, senior: true }] }, /researcher/],
      [{ ...base, team: [{ staffUserId: p.staff.researcher.id, senior: false }] }, /senior/],
      [
        {
          ...base,
          measures: [
            {
              instrumentId: 'no-such-form',
              respondent: 'client',
              timing: 'sessions',
              sessionNumbers: [3],
            },
          ],
        },
        /instrument/,
      ],
      [
        {
          ...base,
          measures: [
            {
              instrumentId: 'wai-sr',
              respondent: 'therapist',
              timing: 'sessions',
              sessionNumbers: [3],
            },
          ],
        },
        /answered by the client/,
      ],
      [
        {
          ...base,
          measures: [
            {
              instrumentId: 'wai-sr',
              respondent: 'client',
              timing: 'sessions',
              sessionNumbers: [3],
            },
            {
              instrumentId: 'wai-sr',
              respondent: 'client',
              timing: 'sessions',
              sessionNumbers: [3],
            },
          ],
        },
        /twice/,
      ],
      [{ ...base, therapistAllianceInstrumentId: 'wai-sr' }, /therapist's form/],
    ];
    for (const [body, pattern] of bad) {
      const response = await researcher.call('POST', '/api/research/studies', body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
      const problem = response.json();
      expect(
        `${problem.detail} ${JSON.stringify(problem.errors ?? [])}`,
        JSON.stringify(body).slice(0, 200),
      ).toMatch(pattern);
    }
    expect(await studyRows(t.db, org)).toEqual(before);

    // The same on a change, and on consent versions: nothing moves.
    const study = (await researcher.call('POST', '/api/research/studies', base)).json();
    const afterCreate = await studyRows(t.db, org);
    for (const body of [{ title: long }, { team: [] }, { reconsentBelowVersion: 1 }, {}])
      expect(
        (await researcher.call('PATCH', `/api/research/studies/${study.id}`, body)).statusCode,
      ).toBe(400);
    for (const body of [
      consentBody({ informationText: 'Hello <script>alert(1)</script>' }),
      consentBody({ informationText: `Read ${XSS}` }),
      consentBody({ informationText: '   ' }),
      consentBody({ informationText: 'x'.repeat(50_001) }),
      consentBody({ statements: [] }),
      consentBody({ statements: [long] }),
      consentBody({ language: 'English' }),
      consentBody({ effectiveFrom: 'tomorrow' }),
    ]) {
      const response = await researcher.call(
        'POST',
        `/api/research/studies/${study.id}/consent-versions`,
        body,
      );
      expect(response.statusCode).toBe(400);
    }
    const html = await researcher.call(
      'POST',
      `/api/research/studies/${study.id}/consent-versions`,
      consentBody({ informationText: 'Hello <b>world</b>' }),
    );
    expect(html.json().detail).toBe(
      'The information text contains raw HTML; write it in Markdown without HTML tags.',
    );
    expect(await studyRows(t.db, org)).toEqual(afterCreate);
  });

  it('shows a study only to its team: other researchers 404, other roles 403', async () => {
    const p = await createRolePractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const outsiderUser = await createStaffWithPassword(t.db, p.practice, 'researcher');
    const outsider = await t.signedIn(outsiderUser.email);
    const study = (
      await researcher.call(
        'POST',
        '/api/research/studies',
        studyBody(p.practice.clinic.id, p.staff.researcher.id),
      )
    ).json();
    expect((await outsider.call('GET', '/api/research/studies')).json().studies).toEqual([]);
    for (const path of ['', '/consent-versions', '/participants'])
      expect(
        (await outsider.call('GET', `/api/research/studies/${study.id}${path}`)).statusCode,
      ).toBe(404);
    expect(
      (await outsider.call('PATCH', `/api/research/studies/${study.id}`, { title: 'Mine' }))
        .statusCode,
    ).toBe(404);
    for (const email of [
      p.staff.admin.email,
      p.staff.therapist1.email,
      p.staff.supervisor.email,
      p.staff.interpreter.email,
    ]) {
      const staff = await t.signedIn(email);
      expect((await staff.call('GET', '/api/research/studies')).statusCode).toBe(403);
      expect((await staff.call('GET', `/api/research/studies/${study.id}`)).statusCode).toBe(403);
    }
    // Adding the outsider to the team opens the study to them.
    const added = await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
      team: [
        { staffUserId: p.staff.researcher.id, senior: true },
        { staffUserId: outsiderUser.id, senior: false },
      ],
    });
    expect(added.statusCode).toBe(200);
    expect((await outsider.call('GET', `/api/research/studies/${study.id}`)).statusCode).toBe(200);
  });

  it('numbers consent versions per language and refuses to change a signed one', async () => {
    const p = await createRolePractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const study = (
      await researcher.call(
        'POST',
        '/api/research/studies',
        studyBody(p.practice.clinic.id, p.staff.researcher.id),
      )
    ).json();
    const versions = `/api/research/studies/${study.id}/consent-versions`;
    const v1 = (await researcher.call('POST', versions, consentBody())).json();
    const es1 = (
      await researcher.call(
        'POST',
        versions,
        consentBody({
          language: 'es',
          informationText: '# El estudio\n\nParticipación **voluntaria**.',
          statements: ['He leído la información.'],
        }),
      )
    ).json();
    expect([v1.version, es1.version]).toEqual([1, 1]);

    // Unsigned: PUT and PATCH change it.
    const put = await researcher.call('PUT', `${versions}/${v1.id}`, {
      informationText: '# About the study\n\nRevised before anyone signed.',
      statements: ['I have read the information.', 'I agree to take part.', 'I may stop.'],
      effectiveFrom: '2026-10-02',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ version: 1, statements: { length: 3 } });
    const patch = await researcher.call('PATCH', `${versions}/${v1.id}`, {
      effectiveFrom: '2026-10-03',
    });
    expect(patch.json()).toMatchObject({ effectiveFrom: '2026-10-03', signatures: 0 });

    // A signature (as the consent engineer's signing will write it) freezes the version.
    const careCase = p.case1;
    const participant = await createTestParticipant(
      t.db,
      p.practice,
      {
        id: study.id,
        organizationId: p.practice.organization.id,
        consentVersionId: v1.id,
        measureIds: [],
      },
      { role: 'client', caseId: careCase.careCase.id, clientId: careCase.clients[0]!.id },
    );
    await t.db
      .insertInto('consent_record')
      .values({
        id: randomUUID(),
        organization_id: p.practice.organization.id,
        study_id: study.id,
        participant_id: participant.id,
        consent_version_id: v1.id,
        invitation_id: null,
        kind: 'consent',
        decision: 'consented',
        channel: 'link',
        typed_name: 'Ana Núñez',
        ticked_statements: '[0,1,2]',
        text_sha256: 'a'.repeat(64),
        signed_at: '2026-10-05T10:00:00.000Z',
        receipt_pdf: null,
        receipt_sha256: null,
        receipt_token_hash: null,
      })
      .execute();
    const frozen = await t.db
      .selectFrom('consent_version')
      .selectAll()
      .where('id', '=', v1.id)
      .executeTakeFirstOrThrow();
    for (const [method, body] of [
      [
        'PUT',
        { informationText: 'Changed.', statements: ['Changed.'], effectiveFrom: '2026-10-04' },
      ],
      ['PATCH', { statements: ['Only one statement now.'] }],
    ] as const) {
      const refused = await researcher.call(method, `${versions}/${v1.id}`, body);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toBe(SIGNED_VERSION_MESSAGE);
    }
    expect(
      await t.db
        .selectFrom('consent_version')
        .selectAll()
        .where('id', '=', v1.id)
        .executeTakeFirst(),
    ).toEqual(frozen);

    // A new version: the next number, never before the one it follows; v1 stays as signed.
    const tooEarly = await researcher.call(
      'POST',
      versions,
      consentBody({ effectiveFrom: '2026-09-01' }),
    );
    expect(tooEarly.statusCode).toBe(400);
    const v2 = await researcher.call(
      'POST',
      versions,
      consentBody({ effectiveFrom: '2026-11-01', informationText: 'Version two.' }),
    );
    expect(v2.statusCode).toBe(201);
    expect(v2.json().version).toBe(2);
    const listed = (await researcher.call('GET', versions)).json().consentVersions;
    expect(
      listed.map((v: { language: string; version: number; signatures: number }) => [
        v.language,
        v.version,
        v.signatures,
      ]),
    ).toEqual([
      ['en', 1, 1],
      ['en', 2, 0],
      ['es', 1, 0],
    ]);

    // The study asks re-consent below version 2: the participant on v1 is flagged.
    expect(
      (
        await researcher.call('PATCH', `/api/research/studies/${study.id}`, {
          reconsentBelowVersion: 2,
        })
      ).statusCode,
    ).toBe(200);
    const participants = await researcher.call(
      'GET',
      `/api/research/studies/${study.id}/participants`,
    );
    expect(participants.statusCode).toBe(200);
    expect(participants.json().participants).toEqual([
      {
        id: participant.id,
        pseudonym: participant.pseudonym,
        role: 'client',
        clinicId: p.practice.clinic.id,
        clinicName: p.practice.clinic.name,
        status: 'consented',
        needsGuardian: false,
        consentVersion: 1,
        consentLanguage: 'en',
        consentedAt: '2026-10-05T10:00:00.000Z',
        needsReconsent: true,
        steps: [{ status: 'consented', at: '2026-11-02T10:00:00.000Z' }],
      },
    ]);
    // Never a name, a case or a client id.
    const text = participants.body;
    expect(text).not.toContain(careCase.clients[0]!.id);
    expect(text).not.toContain(careCase.careCase.id);
    expect(text).not.toContain(careCase.clients[0]!.givenName);
    expect(text).not.toContain('Ana Núñez');
    const audited = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('organization_id', '=', p.practice.organization.id)
      .where('action', 'in', ['study.participants.list', 'consent-version.list'])
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'consent-version.list',
      'study.participants.list',
    ]);
  });

  // Without the row lock (PostgreSQL), the edit would read no signature (the signing
  // transaction has not committed) and change the text under a consent being given. On
  // SQLite the one writer makes the edit wait for the signing transaction in any case.
  it('waits for a signature being written, then refuses the edit', async () => {
    const p = await createRolePractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const fixture = await createTestStudy(t.db, p.practice, p.staff.researcher.id);
    const participant = await createTestParticipant(t.db, p.practice, fixture, {
      role: 'client',
      caseId: p.case1.careCase.id,
      clientId: p.case1.clients[0]!.id,
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inserted = new Promise<void>((resolve) => (written = resolve));
    const signing = t.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('consent_record')
        .values({
          id: randomUUID(),
          organization_id: fixture.organizationId,
          study_id: fixture.id,
          participant_id: participant.id,
          consent_version_id: fixture.consentVersionId,
          invitation_id: null,
          kind: 'consent',
          decision: 'consented',
          channel: 'staff-app',
          typed_name: 'Ana Núñez',
          ticked_statements: '[0,1]',
          text_sha256: 'c'.repeat(64),
          signed_at: '2026-11-03T10:00:00.000Z',
          receipt_pdf: null,
          receipt_sha256: null,
          receipt_token_hash: null,
        })
        .execute();
      written();
      await held;
    });
    await inserted;
    const edit = researcher.call(
      'PATCH',
      `/api/research/studies/${fixture.id}/consent-versions/${fixture.consentVersionId}`,
      { statements: ['Changed while someone signed.'] },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await signing;
    const answer = await edit;
    expect(answer.statusCode).toBe(409);
    expect(answer.json().detail).toBe(SIGNED_VERSION_MESSAGE);
    const row = await t.db
      .selectFrom('consent_version')
      .select('statements')
      .where('id', '=', fixture.consentVersionId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.statements)).toEqual([
      'I have read the information.',
      'I agree to take part.',
    ]);
  });

  it('keeps a measure participants were asked, and a clinic with participants', async () => {
    const p = await createRolePractice(t.db);
    const researcher = await t.signedIn(p.staff.researcher.email);
    const fixture = await createTestStudy(t.db, p.practice, p.staff.researcher.id, {
      measures: [{ instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [3] }],
    });
    const participant = await createTestParticipant(t.db, p.practice, fixture, {
      role: 'client',
      caseId: p.case1.careCase.id,
      clientId: p.case1.clients[0]!.id,
    });
    const requestId = randomUUID();
    await insertRequests(t.db, [
      requestToRow(
        {
          id: requestId,
          organizationId: fixture.organizationId,
          caseId: p.case1.careCase.id,
          sessionId: p.case1.sessions[0]!.id,
          respondentKind: 'client',
          clientId: p.case1.clients[0]!.id,
          staffUserId: null,
          instruments: ['wai-sr'],
          language: 'en',
          status: 'open',
          createdAt: '2026-11-02T10:00:00.000Z',
          expiresAt: '2099-01-01T00:00:00.000Z',
          completedAt: null,
        },
        `hash-${requestId}`,
      ),
    ]);
    await t.db
      .insertInto('study_request_item')
      .values({
        organization_id: fixture.organizationId,
        study_id: fixture.id,
        participant_id: participant.id,
        request_id: requestId,
        instrument_id: 'wai-sr',
        measure_id: fixture.measureIds[0]!,
        also_clinical: 0,
      })
      .execute();
    const path = `/api/research/studies/${fixture.id}`;
    const removed = await researcher.call('PATCH', path, { measures: [] });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().detail).toMatch(/already been asked/);
    const clinic2 = randomUUID();
    await insertClinic(
      t.db,
      {
        id: clinic2,
        organizationId: fixture.organizationId,
        name: 'Second',
        timeZone: 'Europe/Madrid',
      },
      '2026-11-01T00:00:00.000Z',
    );
    const moved = await researcher.call('PATCH', path, {
      clinics: [{ clinicId: clinic2, targetEnrolment: 5 }],
    });
    expect(moved.statusCode).toBe(409);
    const study = (await researcher.call('GET', path)).json();
    expect(study.measures.map((m: { id: string }) => m.id)).toEqual(fixture.measureIds);
    expect(study.clinics.map((c: { clinicId: string }) => c.clinicId)).toEqual([
      p.practice.clinic.id,
    ]);
  });
});
