import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { defaultAuthSettings } from '../src/server/auth/auth-settings.ts';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import {
  insertRequests,
  requestToRow,
} from '../src/server/measurement/questionnaire-request.repository.ts';
import { clientToRow, insertClients } from '../src/server/clients/client.repository.ts';
import { insertClinic } from '../src/server/organizations/organization.repository.ts';
import { insertStaffRole, insertSupervision } from '../src/server/staff/staff.repository.ts';
import {
  type StaffClient,
  authClient,
  createStaffWithPassword,
  signedIn,
} from './helpers/auth-client.ts';
import { createRolePractice } from './helpers/role-practice.ts';
import { createTestParticipant, createTestStudy } from './helpers/study.fixture.ts';
import { consentShownText } from '../src/core/research/consent-rules.ts';
import { sha256Hex } from '../src/server/research/consent/consent-token.ts';
import { createTestInterviewTask, storeTestRecording } from './helpers/interview.fixture.ts';
import { synthWav } from './helpers/wav.ts';
import { openTestDatabase, testDialects } from './helpers/test-databases.ts';
import { createTestCase } from './helpers/factories.ts';
import { issueApiToken } from '../src/server/api-tokens/api-token.service.ts';
import type { StaffActor } from '../src/server/auth/staff-actor.ts';

/**
 * Every route of the app × every role × an object inside the caller's reach ("own"), one of
 * the same organization outside it ("other") and one of another organization ("foreign"),
 * checked against the policy table in docs/access-policy.md. A route without a policy row,
 * or a row without a route, fails the test by name.
 */

const ROLES = [
  'anonymous',
  'admin',
  'therapist',
  'supervisor',
  'researcher',
  'interpreter',
  // Another system reading the FHIR API with a token the admin of clinic a issued.
  'api-token',
] as const;
type Role = (typeof ROLES)[number];
type ObjectKind = 'own' | 'other' | 'foreign' | 'cross' | 'self' | '-';

interface PolicyRow {
  route: string;
  object: ObjectKind;
  expected: Record<Role, number>;
}

/** The table between the access-matrix markers of docs/access-policy.md. */
function readPolicy(): PolicyRow[] {
  const text = readFileSync(new URL('../docs/access-policy.md', import.meta.url), 'utf8');
  const block = text
    .split('<!-- access-matrix:start -->')[1]
    ?.split('<!-- access-matrix:end -->')[0];
  if (!block) throw new Error('docs/access-policy.md has no access-matrix block');
  const lines = block.split('\n').filter((l) => l.trim().startsWith('|'));
  const header = lines[0]!
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  expect(header).toEqual(['route', 'object', ...ROLES]);
  return lines.slice(2).map((line) => {
    const cells = line
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean);
    const [route, object, ...statuses] = cells;
    if (statuses.length !== ROLES.length) throw new Error(`policy row has wrong width: ${line}`);
    return {
      route: route!.replaceAll('`', ''),
      object: object as ObjectKind,
      expected: Object.fromEntries(ROLES.map((r, i) => [r, Number(statuses[i])])) as Record<
        Role,
        number
      >,
    };
  });
}

interface Ids {
  caseId: string;
  sessionId: string;
  clinicId: string;
  staffId: string;
  supervisorId: string;
  superviseeId: string;
  alertId: string;
  /** An open client request of the case's first session (its link). */
  requestId: string;
  /** An open therapist request of the case's first session (the therapist's own form). */
  formId: string;
  /** A client of the clinic (own: the admin's clinic; other: clinic 2). */
  clientId: string;
  /** The case's therapist (for a transfer away from them). */
  therapistId: string;
  /** A research study (own: the researcher is on its team) and its unsigned consent v1. */
  studyId?: string;
  versionId?: string;
  /** A recruiting study at the case's clinic, to enrol into. */
  enrolStudyId: string;
  /** The case therapist's own participation in a study whose team has the researcher. */
  participantId: string;
  /** A consent record of that participation. */
  recordId: string;
  /** An open consent link of a client member of the case. */
  invitationId: string;
  /** An open interview task of that study (for the study's therapist participant). */
  taskId?: string;
  /** A recording of that interview (issue 17, item 7). */
  recordingId?: string;
  /** An export of that study whose download link is open (issue 18). */
  exportId?: string;
  /** An interpreter of the organization (own: a's, foreign: b's). */
  interpreterId?: string;
  /**
   * A client's answered PHQ-9 and its total score (own: therapist 1's case; other: a case at
   * the organization's second clinic, outside the token's clinic; foreign: organization b's).
   */
  responseId: string;
  observationId: string;
  questionnaireId: string;
  /** An API token (own: issued by the admin; other: by clinic 2's admin; foreign: b's). */
  tokenId: string;
}

interface Recipe {
  body?: (ids: Ids) => object;
  /** The query string, fixed or built from the row's object (e.g. `?clinicId=…`). */
  query?: string | ((ids: Ids) => string);
  /** Run before each call (to put back what the previous call changed). */
  prepare?: (ids: Ids) => Promise<void>;
  /** The call ends the caller's session: make it with a fresh sign-in. */
  fresh?: boolean;
  /** A body of bytes (an upload) instead of JSON. */
  raw?: () => { body: Buffer; contentType: string };
}

const sessionBody = {
  startsAt: '2026-12-14T10:00:00+01:00',
  endsAt: '2026-12-14T10:50:00+01:00',
  modality: 'video',
  language: 'en',
};

describe.each(testDialects)('access matrix on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const recordingsDir = mkdtempSync(join(tmpdir(), 'rapport-matrix-recordings-'));
  const recordings = { dir: recordingsDir, maxBytes: 1024 * 1024 };
  const secret = 'matrix-secret-0123456789-0123456789-abcdef';
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock: () => new Date(),
      auth: { ...defaultAuthSettings, mode: 'password-only', loginAttemptsPerAddress: 1000 },
      secret,
      recordings,
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(recordingsDir, { recursive: true, force: true });
  });

  it('answers every route, role and object as docs/access-policy.md says', async () => {
    const db = handle.db;
    const a = await createRolePractice(db);
    const b = await createRolePractice(db);
    // A second clinic of the same organization that the admin does not run.
    const clinic2 = {
      id: randomUUID(),
      organizationId: a.practice.organization.id,
      name: 'Second site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(db, clinic2, new Date().toISOString());
    const clinic2Practice = { organization: a.practice.organization, clinic: clinic2 };
    const clinic2Therapist = await createStaffWithPassword(db, clinic2Practice, 'therapist');
    const clinic2Supervisor = await createStaffWithPassword(db, clinic2Practice, 'supervisor');
    await insertSupervision(
      db,
      a.practice.organization.id,
      clinic2Supervisor.id,
      clinic2Therapist.id,
    );
    // A therapist with no cases, for the admin's staff and supervision calls: assigning them
    // a supervisor must not widen anyone's reach while the matrix runs.
    const therapist3 = await createStaffWithPassword(db, a.practice, 'therapist');
    const clinic2Client = {
      id: randomUUID(),
      organizationId: a.practice.organization.id,
      clinicId: clinic2.id,
      givenName: 'Second',
      familyName: 'Site',
      birthYear: 1980,
      preferredLanguage: 'en',
      email: null,
    };
    await insertClients(db, [clientToRow(clinic2Client, new Date().toISOString())]);
    await insertStaffRole(db, a.practice.organization.id, a.staff.supervisor.id, {
      clinicId: a.practice.clinic.id,
      role: 'supervisor',
    });
    const alertFor = async (organizationId: string, caseId: string) => {
      const id = randomUUID();
      const now = new Date().toISOString();
      await db
        .insertInto('alert')
        .values({
          id,
          organization_id: organizationId,
          case_id: caseId,
          finding_key: `matrix-${id}`,
          type: 'rupture',
          severity: 'warning',
          finding_status: 'open',
          status: 'open',
          session_number: 2,
          latest_session: 2,
          respondent_ids: '[]',
          rule: 'matrix',
          parameters: '{}',
          evidence: '{}',
          explanation_key: 'storedText',
          explanation_params: JSON.stringify({ en: 'Test alert', es: 'Alerta de prueba' }),
          revision: '1',
          created_at: now,
          updated_at: now,
          acknowledged_by: null,
          acknowledged_at: null,
          resolved_by: null,
          resolved_at: null,
          resolution: null,
          resolution_note: null,
        })
        .execute();
      return id;
    };

    /** An open request of a case's first session, for a client member or its therapist. */
    const requestFor = async (
      made: typeof a.case1,
      kind: 'client' | 'therapist',
      respondentId: string,
    ) => {
      const id = randomUUID();
      const request = {
        id,
        organizationId: made.careCase.organizationId,
        caseId: made.careCase.id,
        sessionId: made.sessions[0]!.id,
        respondentKind: kind,
        clientId: kind === 'client' ? respondentId : null,
        staffUserId: kind === 'therapist' ? respondentId : null,
        instruments: ['wai-sr'],
        language: 'en',
        status: 'open' as const,
        createdAt: new Date().toISOString(),
        expiresAt: '2099-01-01T00:00:00.000Z',
        completedAt: null,
      };
      await insertRequests(db, [requestToRow(request, kind === 'client' ? `hash-${id}` : null)]);
      return id;
    };

    /** A client's PHQ-9 of a case's first session and its scored total (ids of both). */
    const answeredFor = async (made: typeof a.case1) => {
      // The case's client request of session 1 (the request rows above may have made it).
      await requestFor(made, 'client', made.clients[0]!.id);
      const request = await db
        .selectFrom('questionnaire_request')
        .select(['id', 'respondent_key'])
        .where('session_id', '=', made.sessions[0]!.id)
        .where('client_id', '=', made.clients[0]!.id)
        .executeTakeFirstOrThrow();
      const requestId = request.id;
      const responseId = randomUUID();
      const observationId = randomUUID();
      const now = new Date().toISOString();
      const base = {
        organization_id: made.careCase.organizationId,
        case_id: made.careCase.id,
        session_id: made.sessions[0]!.id,
        instrument_id: 'phq-9',
        instrument_version: '1.0.0',
      };
      await db
        .insertInto('questionnaire_response')
        .values({
          ...base,
          id: responseId,
          request_id: requestId,
          respondent_key: request.respondent_key,
          submission_id: randomUUID(),
          answers: JSON.stringify({
            '1': 1,
            '2': 1,
            '3': 0,
            '4': 0,
            '5': 0,
            '6': 0,
            '7': 0,
            '8': 0,
            '9': 0,
          }),
          submitted_at: now,
        })
        .execute();
      await db
        .insertInto('score')
        .values({
          ...base,
          id: observationId,
          response_id: responseId,
          session_number: made.sessions[0]!.number,
          respondent_kind: 'client',
          client_id: made.clients[0]!.id,
          staff_user_id: null,
          scale_id: 'total',
          value: 2,
          item_mean: 2 / 9,
          answered: 9,
          item_count: 9,
          prorated: 0,
          band: 'minimal',
          flags: '[]',
          scored_at: now,
        })
        .execute();
      return { responseId, observationId, questionnaireId: 'phq-9' };
    };
    const clinic2Case = await createTestCase(db, clinic2Practice, clinic2Therapist.id);
    const clinic2Admin = await createStaffWithPassword(db, clinic2Practice, 'admin');
    const adminActor = (id: string, organizationId: string, clinicId: string): StaffActor => ({
      userId: id,
      organizationId,
      roles: [{ clinicId, role: 'admin' }],
      authSessionId: 'matrix',
    });
    const tokenBy = async (actor: StaffActor) =>
      issueApiToken(
        { db, clock: () => new Date() },
        actor,
        { label: 'Matrix', expiresInDays: 30 },
        { ip: null, requestId: null },
      );
    const adminA = adminActor(a.staff.admin.id, a.practice.organization.id, a.practice.clinic.id);
    // The token the api-token column reads with, and one of each kind for the revoke rows.
    const matrixToken = (await tokenBy(adminA)).secret;
    const tokens = {
      own: (await tokenBy(adminA)).token.id,
      other: (await tokenBy(adminActor(clinic2Admin.id, a.practice.organization.id, clinic2.id)))
        .token.id,
      foreign: (
        await tokenBy(
          adminActor(b.staff.admin.id, b.practice.organization.id, b.practice.clinic.id),
        )
      ).token.id,
    };
    const noFhir = () => ({
      responseId: randomUUID(),
      observationId: randomUUID(),
      questionnaireId: 'phq-9',
      tokenId: randomUUID(),
    });

    /**
     * Research objects: a study to enrol into, and one whose team (the given researcher) has
     * the case therapist's own participation with a consent record, and a client member of
     * the case with an open consent link.
     */
    const researchFor = async (
      practice: typeof a.practice,
      researcherId: string,
      therapistId: string,
      made: typeof a.case1,
    ) => {
      const enrolInto = await createTestStudy(db, practice, researcherId);
      const study = await createTestStudy(db, practice, researcherId);
      const participant = await createTestParticipant(
        db,
        practice,
        study,
        { role: 'therapist', staffUserId: therapistId },
        'invited',
      );
      const recordId = randomUUID();
      await db
        .insertInto('consent_record')
        .values({
          id: recordId,
          organization_id: study.organizationId,
          study_id: study.id,
          participant_id: participant.id,
          consent_version_id: study.consentVersionId,
          invitation_id: null,
          kind: 'consent',
          decision: 'consented',
          channel: 'staff-app',
          typed_name: 'Matrix Therapist',
          ticked_statements: '[]',
          text_sha256: '0'.repeat(64),
          signed_at: new Date().toISOString(),
          receipt_pdf: Buffer.from('%PDF-1.3 matrix').toString('base64'),
          receipt_sha256: null,
          receipt_token_hash: null,
        })
        .execute();
      // A second member of the case, enrolled with an open link (the first one is enrolled by
      // the enrolment route).
      const member = {
        id: randomUUID(),
        organizationId: practice.organization.id,
        clinicId: practice.clinic.id,
        givenName: 'Matrix',
        familyName: 'Member',
        birthYear: 1980,
        preferredLanguage: 'en',
        email: null,
      };
      await insertClients(db, [clientToRow(member, new Date().toISOString())]);
      const client = await createTestParticipant(
        db,
        practice,
        study,
        { role: 'client', caseId: made.careCase.id, clientId: member.id },
        'invited',
      );
      const invitationId = randomUUID();
      await db
        .insertInto('consent_invitation')
        .values({
          id: invitationId,
          organization_id: study.organizationId,
          study_id: study.id,
          participant_id: client.id,
          kind: 'consent',
          language: 'en',
          token_hash: `matrix-${invitationId}`,
          status: 'open',
          created_by: therapistId,
          created_at: new Date().toISOString(),
          expires_at: '2099-01-01T00:00:00.000Z',
          used_at: null,
        })
        .execute();
      return { enrolStudyId: enrolInto.id, participantId: participant.id, recordId, invitationId };
    };
    const research = {
      own: await researchFor(a.practice, a.staff.researcher.id, a.staff.therapist1.id, a.case1),
      // Another team (therapist 2's participation; a researcher not on the team).
      other: await researchFor(
        a.practice,
        (await createStaffWithPassword(db, a.practice, 'researcher')).id,
        a.staff.therapist2.id,
        a.case2,
      ),
      foreign: await researchFor(b.practice, b.staff.researcher.id, b.staff.therapist1.id, b.case1),
    };
    const noResearch = () => ({
      enrolStudyId: randomUUID(),
      participantId: randomUUID(),
      recordId: randomUUID(),
      invitationId: randomUUID(),
    });

    const objects: Record<Exclude<ObjectKind, '-'>, Ids> = {
      own: {
        caseId: a.case1.careCase.id,
        sessionId: a.case1.sessions[0]!.id,
        clinicId: a.practice.clinic.id,
        staffId: therapist3.id,
        supervisorId: a.staff.supervisor.id,
        superviseeId: therapist3.id,
        alertId: await alertFor(a.practice.organization.id, a.case1.careCase.id),
        requestId: await requestFor(a.case1, 'client', a.case1.clients[0]!.id),
        formId: await requestFor(a.case1, 'therapist', a.staff.therapist1.id),
        clientId: a.case1.clients[0]!.id,
        therapistId: a.staff.therapist1.id,
        ...research.own,
        ...(await answeredFor(a.case1)),
        tokenId: tokens.own,
      },
      other: {
        caseId: a.case2.careCase.id,
        sessionId: a.case2.sessions[0]!.id,
        clinicId: clinic2.id,
        staffId: clinic2Therapist.id,
        supervisorId: clinic2Supervisor.id,
        superviseeId: clinic2Therapist.id,
        alertId: await alertFor(a.practice.organization.id, a.case2.careCase.id),
        requestId: await requestFor(a.case2, 'client', a.case2.clients[0]!.id),
        formId: await requestFor(a.case2, 'therapist', a.staff.therapist2.id),
        clientId: clinic2Client.id,
        therapistId: a.staff.therapist2.id,
        ...research.other,
        ...(await answeredFor(clinic2Case)),
        tokenId: tokens.other,
      },
      foreign: {
        caseId: b.case1.careCase.id,
        sessionId: b.case1.sessions[0]!.id,
        clinicId: b.practice.clinic.id,
        staffId: b.staff.therapist2.id,
        supervisorId: b.staff.supervisor.id,
        superviseeId: b.staff.therapist1.id,
        alertId: await alertFor(b.practice.organization.id, b.case1.careCase.id),
        requestId: await requestFor(b.case1, 'client', b.case1.clients[0]!.id),
        formId: await requestFor(b.case1, 'therapist', b.staff.therapist1.id),
        clientId: b.case1.clients[0]!.id,
        therapistId: b.staff.therapist1.id,
        ...research.foreign,
        ...(await answeredFor(b.case1)),
        tokenId: tokens.foreign,
      },
      // The admin runs their own clinic and names it, but the person works only at clinic 2:
      // the cross-clinic escalation of issue 14 (404: outside their reach).
      cross: {
        caseId: a.case2.careCase.id,
        sessionId: a.case2.sessions[0]!.id,
        clinicId: a.practice.clinic.id,
        staffId: clinic2Therapist.id,
        supervisorId: a.staff.supervisor.id,
        superviseeId: clinic2Therapist.id,
        alertId: randomUUID(),
        requestId: randomUUID(),
        formId: randomUUID(),
        clientId: randomUUID(),
        therapistId: randomUUID(),
        ...noResearch(),
        ...noFhir(),
      },
      // The admin acting on themselves: no self-granted clinical role or supervision (403).
      self: {
        caseId: a.case1.careCase.id,
        sessionId: a.case1.sessions[0]!.id,
        clinicId: a.practice.clinic.id,
        staffId: a.staff.admin.id,
        supervisorId: a.staff.admin.id,
        superviseeId: therapist3.id,
        alertId: randomUUID(),
        requestId: randomUUID(),
        formId: randomUUID(),
        clientId: randomUUID(),
        therapistId: randomUUID(),
        ...noResearch(),
        ...noFhir(),
      },
    };
    const noIds = objects.own;

    const reopenAlert = async (ids: Ids) => {
      await db
        .updateTable('alert')
        .set({
          status: 'open',
          acknowledged_by: null,
          acknowledged_at: null,
          resolved_by: null,
          resolved_at: null,
          resolution: null,
        })
        .where('id', '=', ids.alertId)
        .execute();
    };

    const organizationOf = (ids: Ids) =>
      ids === objects.foreign ? b.practice.organization.id : a.practice.organization.id;
    const setCaseStatus = (status: 'active' | 'closed') => async (ids: Ids) => {
      await db
        .updateTable('care_case')
        .set({ status, closed_at: status === 'closed' ? new Date().toISOString() : null })
        .where('id', '=', ids.caseId)
        .execute();
    };
    /** Puts the case back with its one therapist (a transfer moves it to therapist 3). */
    const resetTherapists = async (ids: Ids) => {
      await db.deleteFrom('case_therapist').where('case_id', '=', ids.caseId).execute();
      await db
        .insertInto('case_therapist')
        .values({
          organization_id: organizationOf(ids),
          case_id: ids.caseId,
          staff_user_id: ids.therapistId,
          is_primary: 1,
        })
        .execute();
    };

    /** How to call each route: its body, and what to put back between calls. */
    const recipes: Record<string, Recipe> = {
      'GET /healthz': {},
      'GET /api/public/organizations/{slug}': {},
      'GET /api/auth/session': {},
      'POST /api/auth/login': {
        body: () => ({
          email: `nobody-${randomUUID()}@test.example`,
          password: 'not the password',
        }),
      },
      'POST /api/auth/second-factor': { body: () => ({ code: '000000' }) },
      'POST /api/auth/second-factor/verify': { body: () => ({ code: '000000' }) },
      'POST /api/auth/totp/enrolment': { fresh: true },
      'POST /api/auth/totp/enrolment/confirm': { body: () => ({ code: '000000' }), fresh: true },
      'POST /api/auth/logout': { fresh: true },
      'POST /api/auth/password': {
        body: () => ({ currentPassword: 'not the password', newPassword: 'a new long passphrase' }),
      },
      'POST /api/auth/password-reset': {
        body: () => ({ email: `nobody-${randomUUID()}@test.example` }),
      },
      'POST /api/auth/password-reset/confirm': {
        body: () => ({ token: 'x'.repeat(43), password: 'a new long passphrase' }),
      },
      'GET /api/cases/{caseId}/sessions': {},
      'POST /api/cases/{caseId}/sessions': { body: () => sessionBody },
      'GET /api/sessions/{sessionId}': {},
      'PATCH /api/sessions/{sessionId}': { body: () => ({ modality: 'video' }) },
      'POST /api/sessions/{sessionId}/attendance': { body: () => ({ attendance: 'attended' }) },
      'GET /api/sessions/{sessionId}/reflection': {},
      'PUT /api/sessions/{sessionId}/reflection': {
        body: () => ({ body: 'A reflection', sharedWithSupervisor: false }),
      },
      'GET /api/interpreter/sessions': {},
      'GET /api/interpreters': {},
      'GET /api/admin/clinics': {},
      'POST /api/admin/clinics': { body: () => ({ name: 'New site', timeZone: 'Europe/Madrid' }) },
      'PATCH /api/admin/clinics/{clinicId}': { body: () => ({ timeZone: 'Europe/London' }) },
      'GET /api/admin/staff': {},
      'POST /api/admin/staff': {
        body: (ids) => ({
          email: `new-${randomUUID()}@test.example`,
          displayName: 'New Person',
          clinicId: ids.clinicId,
          role: 'therapist',
        }),
      },
      'PUT /api/admin/staff/{staffId}/roles': {
        // The admin keeps their own admin role (removing it is a 409 of its own).
        body: (ids) => ({
          clinicId: ids.clinicId,
          roles: ids === objects.self ? ['admin', 'therapist'] : ['therapist'],
        }),
      },
      'PATCH /api/admin/staff/{staffId}': { body: () => ({ status: 'active' }) },
      'DELETE /api/admin/staff/{staffId}/second-factor': {
        // The person has a second factor to reset, and the admin gave their code just now
        // (the matrix's app is password-only, so no session has given one by itself).
        prepare: async (ids) => {
          const now = new Date().toISOString();
          await db.deleteFrom('staff_totp').where('staff_user_id', '=', ids.staffId).execute();
          await db
            .insertInto('staff_totp')
            .values({
              staff_user_id: ids.staffId,
              organization_id: organizationOf(ids),
              secret: 'v1:matrix',
              secret_key_id: 'matrix',
              confirmed_at: now,
              last_time_step: null,
              created_at: now,
            })
            .execute();
          await db
            .updateTable('auth_session')
            .set({ second_factor_at: now })
            .where('staff_user_id', '=', a.staff.admin.id)
            .execute();
        },
      },
      'GET /api/admin/supervision': {},
      'POST /api/admin/supervision': {
        body: (ids) => ({ supervisorId: ids.supervisorId, superviseeId: ids.superviseeId }),
      },
      'DELETE /api/admin/supervision/{supervisorId}/{superviseeId}': {
        prepare: async (ids) => {
          const org =
            ids === objects.foreign ? b.practice.organization.id : a.practice.organization.id;
          await insertSupervision(db, org, ids.supervisorId, ids.superviseeId);
        },
      },
      'GET /api/admin/measurement-plans': {},
      'POST /api/admin/measurement-plans': {
        body: (ids) => ({
          clinicId: ids.clinicId,
          caseType: 'family',
          name: 'Family plan',
          entries: [
            {
              instrumentId: 'wai-sr',
              respondent: 'client-member',
              schedule: { kind: 'every-session' },
            },
          ],
        }),
      },
      'POST /api/admin/measurement-plans/preview': {
        body: (ids) => ({
          clinicId: ids.clinicId,
          caseType: 'couple',
          entries: [
            {
              instrumentId: 'wai-sr',
              respondent: 'client-member',
              schedule: { kind: 'every-session' },
            },
          ],
          members: [{ language: 'en' }, { language: 'es' }],
        }),
      },
      'GET /api/admin/audit': { query: '?limit=5' },
      'GET /api/admin/mail-status': {},
      'GET /api/admin/overview': {},
      // The clinic named is the row's: the admin's own, one they do not run, another
      // organization's (404 outside the caller's clinics).
      'GET /api/reports/practice': { query: (ids) => `?clinicId=${ids.clinicId}` },
      'GET /api/reports/practice/{section}/csv': {
        query: (ids) => `?clinicId=${ids.clinicId}`,
      },
      'GET /api/caseload': {},
      'GET /api/cases/{caseId}': {},
      'GET /api/cases/{caseId}/report': {},
      // It turns the caller's session into the client's view: each call signs in afresh
      // (the admin in one step: the second-factor reset row above gave them a TOTP).
      'POST /api/cases/{caseId}/in-session': {
        prepare: async () => {
          await db.deleteFrom('staff_totp').where('staff_user_id', '=', a.staff.admin.id).execute();
        },
        body: (ids) => ({ clientId: ids.clientId }),
        fresh: true,
      },
      'GET /api/in-session': {},
      'GET /q/{token}': {},
      'GET /api/public/questionnaire': {},
      'POST /api/public/questionnaire/notice-acknowledgement': {},
      'POST /api/public/questionnaire/responses': {
        body: () => ({
          submissionId: randomUUID(),
          instrumentId: 'wai-sr',
          answers: { '1': 3 },
        }),
      },
      'GET /api/admin/clinics/{clinicId}/data-notice': {},
      'PUT /api/admin/clinics/{clinicId}/data-notice': {
        body: () => ({ text: 'We keep your answers safe.' }),
      },
      'GET /api/admin/clinics/{clinicId}/alliance-settings': {},
      'PUT /api/admin/clinics/{clinicId}/alliance-settings': {
        body: () => ({ rupture: { k: 1.5 } }),
      },
      'GET /api/cases/{caseId}/alerts': {},
      'POST /api/alerts/{alertId}/acknowledge': { prepare: reopenAlert },
      'POST /api/alerts/{alertId}/resolve': { prepare: reopenAlert, body: () => ({}) },
      'GET /api/cases/{caseId}/rupture-events': {},
      'POST /api/cases/{caseId}/rupture-events': {
        body: (ids) => ({
          sessionId: ids.sessionId,
          markers: ['withdrawal'],
          strategies: ['acknowledge'],
          description: 'Client went quiet after the homework review.',
          outcome: 'partly',
        }),
      },
      'GET /api/supervision/queue': {},
      'GET /api/cases/{caseId}/supervision-notes': {},
      'POST /api/cases/{caseId}/supervision-notes': {
        body: () => ({ body: 'Discussed the rupture in session 2.' }),
      },
      'GET /api/sessions/{sessionId}/requests': {},
      'GET /api/sessions/{sessionId}/answers': {},
      'POST /api/requests/{requestId}/link': {},
      'GET /api/me/forms': {},
      'GET /api/me/forms/{formId}': {},
      'POST /api/me/forms/{formId}/responses': {
        body: () => ({
          submissionId: randomUUID(),
          instrumentId: 'wai-sr',
          answers: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), 3])),
        }),
      },
    };

    /** One individual case of one new person, for the admin's clinic and its therapist 1. */
    function importBody() {
      return {
        csv: [
          'case_key,given_name,family_name,date_of_birth,preferred_language,relation,case_type,therapist_email,start_date',
          `M1,Matrix,Import ${randomUUID().slice(0, 8)},1990-02-03,en,client,individual,${a.staff.therapist1.email},2026-12-01`,
        ].join('\n'),
      };
    }

    Object.assign(recipes, {
      'GET /api/clients': { query: '?q=client' },
      'POST /api/clients': {
        body: (ids: Ids) => ({
          clinicId: ids.clinicId,
          givenName: 'Matrix',
          familyName: `Client ${randomUUID().slice(0, 8)}`,
          dateOfBirth: '1990-02-03',
          preferredLanguage: 'en',
        }),
      },
      'GET /api/clients/{clientId}': {},
      'PATCH /api/clients/{clientId}': { body: () => ({ preferredName: 'Matrix' }) },
      'GET /api/intake/clinics': {},
      'GET /api/case-records': { query: '?status=closed' },
      'POST /api/case-records': {
        body: (ids: Ids) => ({
          clinicId: ids.clinicId,
          caseType: 'individual',
          presentingConcerns: ['anxiety'],
          members: [{ clientId: ids.clientId, relation: 'client' }],
          therapistIds: [a.staff.therapist1.id],
          startDate: '2026-12-01',
        }),
      },
      'GET /api/case-records/{caseId}': {},
      'POST /api/case-records/{caseId}/transfer': {
        prepare: resetTherapists,
        body: (ids: Ids) => ({ fromTherapistId: ids.therapistId, toTherapistId: therapist3.id }),
      },
      'POST /api/case-records/{caseId}/close': {
        prepare: setCaseStatus('active'),
        body: () => ({ reason: 'completed' }),
      },
      'POST /api/case-records/{caseId}/reopen': { prepare: setCaseStatus('closed') },
      'GET /api/admin/clinics/{clinicId}/intake-settings': {},
      'PUT /api/admin/clinics/{clinicId}/intake-settings': {
        body: () => ({
          caseTypes: [{ code: 'individual', structure: 'individual' }],
          presentingConcerns: ['anxiety'],
          therapistsMayOpenCases: true,
        }),
      },
      'POST /api/admin/clinics/{clinicId}/client-import/preview': { body: () => importBody() },
      'POST /api/admin/clinics/{clinicId}/client-import': { body: () => importBody() },
    } satisfies Record<string, Recipe>);

    // Research studies (issue 16): own is on the researcher's team, other is another
    // researcher's study in the same organization, foreign one of organization b.
    const otherResearcher = await createStaffWithPassword(db, a.practice, 'researcher');
    for (const [kind, p, researcherId] of [
      ['own', a, a.staff.researcher.id],
      ['other', a, otherResearcher.id],
      ['foreign', b, b.staff.researcher.id],
    ] as const) {
      const study = await createTestStudy(db, p.practice, researcherId);
      // Issue 17: an open interview task of the study's therapist participant.
      const participant = await createTestParticipant(db, p.practice, study, {
        role: 'therapist',
        staffUserId: p.staff.therapist1.id,
      });
      const taskId = await createTestInterviewTask(db, {
        organizationId: study.organizationId,
        studyId: study.id,
        participantId: participant.id,
        sessionId: p.case1.sessions[2]!.id,
        dueAt: '2099-01-01T00:00:00.000Z',
      });
      // Issue 17, item 7: a recording of that interview, stored as an upload stores it.
      const recordingId = await storeTestRecording(db, {
        secret,
        recordings,
        study,
        taskId,
        uploadedBy: researcherId,
        audio: synthWav(0.5),
      });
      const exportId = randomUUID();
      await db
        .insertInto('study_export')
        .values({
          id: exportId,
          organization_id: study.organizationId,
          study_id: study.id,
          created_by: researcherId,
          channel: 'web',
          options: JSON.stringify({ items: true }),
          created_at: '2026-11-20T12:00:00.000Z',
          expires_at: '2099-01-01T00:00:00.000Z',
          downloaded_at: null,
          manifest: null,
        })
        .execute();
      Object.assign(objects[kind], {
        studyId: study.id,
        versionId: study.consentVersionId,
        taskId,
        recordingId,
        exportId,
        interpreterId: p.interpreter.id,
      });
    }
    /** The task's interview held, by the own study's researcher (its interviewer). */
    const holdInterview = async (ids: Ids) => {
      await db.deleteFrom('interview_booking').where('task_id', '=', ids.taskId!).execute();
      await db
        .insertInto('interview_booking')
        .values({
          task_id: ids.taskId!,
          organization_id: organizationOf(ids),
          interviewer_id: ids === objects.foreign ? b.staff.researcher.id : a.staff.researcher.id,
          starts_at: '2026-11-17T09:00:00.000Z',
          ends_at: '2026-11-17T10:00:00.000Z',
          modality: 'video',
          language: 'en',
          interpreter_id: null,
          booked_by: a.staff.researcher.id,
          booked_at: '2026-11-16T09:00:00.000Z',
        })
        .execute();
      await db
        .updateTable('interview_task')
        .set({ status: 'completed' })
        .where('id', '=', ids.taskId!)
        .execute();
    };
    const consentFields = {
      informationText: '# About the study\n\nTaking part is voluntary.',
      statements: ['I agree to take part.'],
      effectiveFrom: '2026-10-01',
    };
    Object.assign(recipes, {
      'GET /api/research/study-choices': {},
      'GET /api/research/studies': {},
      'POST /api/research/studies': {
        body: (ids: Ids) => ({
          title: 'Matrix study',
          protocolSummary: 'A study made by the access matrix.',
          principalInvestigator: 'Dr Matrix',
          ethicsReference: '',
          ethicsApprovedOn: null,
          withdrawalPolicy: 'keep',
          therapistAllianceInstrumentId: null,
          reconsentBelowVersion: null,
          clinics: [{ clinicId: ids.clinicId, targetEnrolment: 3 }],
          team: [{ staffUserId: a.staff.researcher.id, senior: true }],
          measures: [],
        }),
      },
      'GET /api/research/studies/{studyId}': {},
      'PATCH /api/research/studies/{studyId}': { body: () => ({ title: 'Matrix study' }) },
      'GET /api/research/studies/{studyId}/consent-versions': {},
      'POST /api/research/studies/{studyId}/consent-versions': {
        body: () => ({ language: 'en', ...consentFields }),
      },
      'PUT /api/research/studies/{studyId}/consent-versions/{versionId}': {
        body: () => consentFields,
      },
      'PATCH /api/research/studies/{studyId}/consent-versions/{versionId}': {
        body: () => ({ statements: ['I agree to take part.'] }),
      },
      'GET /api/research/studies/{studyId}/participants': {},
      'GET /api/research/studies/{studyId}/dashboard': {},
      'GET /api/research/studies/{studyId}/analyses': {},
      'GET /api/research/studies/{studyId}/analyses/{table}/csv': {},
      'POST /api/research/studies/{studyId}/exports': { body: () => ({ items: true }) },
      'GET /api/research/studies/{studyId}/exports': {},
      // The link works once: open it again before each call.
      'GET /api/research/studies/{studyId}/exports/{exportId}/download': {
        prepare: async (ids: Ids) => {
          await db
            .updateTable('study_export')
            .set({ downloaded_at: null })
            .where('id', '=', ids.exportId!)
            .execute();
        },
      },
      'GET /api/research/studies/{studyId}/interviews/schedule': {},
      'PUT /api/research/studies/{studyId}/interviews/schedule': {
        body: () => ({ sessionNumbers: [3, 5], respondents: ['client', 'therapist'] }),
      },
      'GET /api/research/studies/{studyId}/interviews/protocol-versions': {},
      'POST /api/research/studies/{studyId}/interviews/protocol-versions': {
        body: () => ({ questions: [{ question: 'What stood out for you?', probes: [] }] }),
      },
      'GET /api/research/studies/{studyId}/interviews/tasks': {},
      'GET /api/research/studies/{studyId}/interviews/tasks/{taskId}/interpreters': {},
      'PUT /api/research/studies/{studyId}/interviews/tasks/{taskId}/booking': {
        body: () => ({
          interviewerId: a.staff.researcher.id,
          startsAt: '2098-12-31T10:00:00Z',
          modality: 'video',
          language: 'en',
        }),
      },
      'POST /api/research/studies/{studyId}/interviews/tasks/{taskId}/outcome': {
        body: () => ({ outcome: 'declined' }),
      },
      'GET /api/research/studies/{studyId}/interviews/tasks/{taskId}': { prepare: holdInterview },
      'POST /api/research/studies/{studyId}/interviews/tasks/{taskId}/recordings': {
        prepare: holdInterview,
        raw: () => ({ body: synthWav(0.25), contentType: 'application/octet-stream' }),
      },
      'GET /api/research/studies/{studyId}/interviews/tasks/{taskId}/recordings/{recordingId}/audio':
        {},
      'PUT /api/research/studies/{studyId}/interviews/tasks/{taskId}/reflection': {
        prepare: holdInterview,
        body: () => ({ body: 'My first impressions, and what I assumed.' }),
      },
      'GET /api/research/studies/{studyId}/interviews/review-queue': {},
      'PUT /api/research/studies/{studyId}/interviews/tasks/{taskId}/review': {
        prepare: holdInterview,
        body: () => ({ feedback: 'Well paced.', reviewed: true, debriefed: false }),
      },
      'GET /api/research/interpreters': {},
      'POST /api/research/interpreters': {
        body: () => ({
          displayName: 'Matrix Interpreter',
          languages: ['es'],
          clinicalExperience: 'Psychosocial support',
        }),
      },
      'PUT /api/research/interpreters/{interpreterId}/briefing': {
        body: () => ({ briefedOn: '2026-11-01' }),
      },
    } satisfies Record<string, Recipe>);

    const consentText = sha256Hex(
      consentShownText({
        informationText: '# About this study\n\nA synthetic information text.',
        statements: ['I have read the information.', 'I agree to take part.'],
      }),
    );
    const decision = {
      decision: 'consented',
      tickedStatements: [0, 1],
      typedName: 'Matrix Person',
      textSha256: consentText,
    };
    const unknownLink = () => ({ token: 'x'.repeat(43) });
    Object.assign(recipes, {
      'POST /api/public/consent/view': { body: unknownLink },
      'POST /api/public/consent/decision': { body: () => ({ ...unknownLink(), ...decision }) },
      'POST /api/public/consent/receipt': { body: unknownLink },
      'POST /api/public/consent/receipt/pdf': { body: unknownLink },
      'POST /api/public/consent/withdrawal': { body: unknownLink },
      'GET /api/cases/{caseId}/research': {},
      'POST /api/cases/{caseId}/research/enrolments': {
        // An earlier row may have closed the case; enrolment needs an open one.
        prepare: setCaseStatus('active'),
        body: (ids: Ids) => ({ studyId: ids.enrolStudyId, clientId: ids.clientId }),
      },
      'POST /api/cases/{caseId}/research/therapist-enrolment': {
        body: (ids: Ids) => ({ studyId: ids.enrolStudyId }),
      },
      'POST /api/research/consent-invitations/{invitationId}/link': {},
      'GET /api/research/me/participations/{participantId}/consent': {},
      'POST /api/research/me/participations/{participantId}/consent': { body: () => decision },
      'GET /api/research/me/consent-records/{recordId}/receipt': {},
      'GET /api/research/participants/{participantId}/consent-records': {},
      'GET /api/research/consent-records/{recordId}/receipt': {},
      'POST /api/research/participants/{participantId}/withdrawal': {},
    } satisfies Record<string, Recipe>);

    Object.assign(recipes, {
      'GET /api/admin/api-tokens': {},
      'POST /api/admin/api-tokens': { body: () => ({ label: 'Matrix', expiresInDays: 7 }) },
      'POST /api/admin/api-tokens/{tokenId}/revoke': {},
      'GET /fhir/R4/metadata': {},
      'GET /fhir/R4/Questionnaire': {},
      'GET /fhir/R4/Questionnaire/{questionnaireId}': {},
      'GET /fhir/R4/QuestionnaireResponse': {},
      'GET /fhir/R4/QuestionnaireResponse/{responseId}': {},
      'GET /fhir/R4/Observation': {},
      'GET /fhir/R4/Observation/{observationId}': {},
    } satisfies Record<string, Recipe>);

    const emails: Record<Exclude<Role, 'anonymous' | 'api-token'>, string> = {
      admin: a.staff.admin.email,
      therapist: a.staff.therapist1.email,
      supervisor: a.staff.supervisor.email,
      researcher: a.staff.researcher.email,
      interpreter: a.staff.interpreter.email,
    };
    /** A system calling with the matrix's token: no cookie, an Authorization header. */
    const tokenClient = {
      call: (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: object) =>
        app.inject({
          method,
          url,
          ...(body && { payload: body }),
          headers: { authorization: `Bearer ${matrixToken}` },
        }),
    };
    type Caller = Pick<StaffClient, 'call'>;
    const clientFor = async (role: Role): Promise<Caller> =>
      role === 'anonymous'
        ? authClient(app)
        : role === 'api-token'
          ? tokenClient
          : signedIn(app, emails[role]);
    const clients = {} as Record<Role, Caller>;
    for (const role of ROLES) clients[role] = await clientFor(role);

    // Every route the app serves, from its OpenAPI document.
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const policy = readPolicy();
    const inPolicy = new Set(policy.map((r) => r.route));
    expect(
      served.filter((r) => !inPolicy.has(r)),
      'routes without a row in docs/access-policy.md',
    ).toEqual([]);
    expect(
      [...inPolicy].filter((r) => !served.includes(r)),
      'policy rows for routes the app does not serve',
    ).toEqual([]);
    expect(
      served.filter((r) => !recipes[r]),
      'routes without a request recipe in test/access-matrix.test.ts',
    ).toEqual([]);

    const mismatches: string[] = [];
    const slug = a.practice.organization.slug;
    for (const row of policy) {
      const recipe = recipes[row.route]!;
      const [method, pattern] = row.route.split(' ') as [
        'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
        string,
      ];
      const ids = row.object === '-' ? noIds : objects[row.object];
      const url =
        pattern
          .replace('{slug}', slug)
          .replace('{token}', 'x'.repeat(43))
          .replace('{table}', 'h7')
          .replace('{section}', 'therapist-outcomes')
          .replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name as keyof Ids])) +
        (typeof recipe.query === 'function' ? recipe.query(ids) : (recipe.query ?? ''));
      for (const role of ROLES) {
        await recipe.prepare?.(ids);
        const client = recipe.fresh ? await clientFor(role) : clients[role];
        const response = await client.call(
          method,
          url,
          recipe.body?.(ids),
          recipe.raw ? { raw: recipe.raw() } : {},
        );
        if (response.statusCode !== row.expected[role])
          mismatches.push(
            `${row.route} [${row.object}] as ${role}: expected ${row.expected[role]}, got ${response.statusCode}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});
