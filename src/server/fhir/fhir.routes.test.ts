import { phq9 } from '../../core/instruments/bundled/phq-9.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword, signedIn } from '../../../test/helpers/auth-client.ts';
import { fhirR4Problems } from '../../../test/helpers/fhir-validator.ts';
import { everySession } from '../../../test/helpers/plan.fixture.ts';
import {
  answerByLink,
  caseWithOpenRequest,
  waiAnswers,
} from '../../../test/helpers/questionnaire-fixture.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { createTestPractice } from '../../../test/helpers/factories.ts';
import { buildApp } from '../app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { defaultAuthSettings } from '../auth/auth-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { insertClinic } from '../organizations/organization.repository.ts';

const FREE_TEXT = 'Synthetic worry Zyxwv <script>alert(1)</script>';
const PHQ9 = { '1': 1, '2': 2, '3': 0, '4': 2, '5': 0, '6': 1, '7': 0, '8': 1, '9': 0 };

type Json = Record<string, unknown> & { resourceType: string; id?: string };
interface Bundle {
  resourceType: 'Bundle';
  link: { relation: string; url: string }[];
  entry: { fullUrl: string; resource: Json }[];
}

describe.each(testDialects)('the FHIR read API on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const time = useTestClock('2026-11-02T12:00:00Z');
  /** Every resource any test got back: the last test validates each against FHIR R4. */
  const returned: Json[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({
      db: handle.db,
      dialect,
      clock: time.clock,
      auth: { ...defaultAuthSettings, mode: 'password-only' },
      publicUrl: 'https://rapport.example',
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const answer = (token: string, forms: { instrumentId: string; answers: object }[]) =>
    answerByLink(app, token, forms);

  /**
   * A practice whose clinic has `cases` answered cases (WAI-SR, PHQ-9 and session feedback
   * with free text), each answered an hour after the one before, an admin of the clinic, and
   * a second clinic of the organization with one answered case of its own.
   */
  async function answeredPractice(cases = 3) {
    const practice = await createTestPractice(handle.db);
    const entries = [
      everySession('wai-sr'),
      everySession('phq-9'),
      everySession('session-feedback'),
    ];
    const made = [];
    for (let i = 0; i < cases; i += 1) {
      const f = await caseWithOpenRequest(handle.db, time.clock, { practice, entries });
      await answer(f.token, [
        { instrumentId: 'wai-sr', answers: waiAnswers(4) },
        { instrumentId: 'phq-9', answers: PHQ9 },
        {
          instrumentId: 'session-feedback',
          answers: { '1': 'The homework', '3': 0, '5': FREE_TEXT },
        },
      ]);
      made.push(f);
      time.advance(60 * 60 * 1000);
    }
    const admin = await createStaffWithPassword(handle.db, practice, 'admin');
    const clinic2 = {
      id: randomUUID(),
      organizationId: practice.organization.id,
      name: 'Second site',
      timeZone: 'Europe/Madrid',
    };
    await insertClinic(handle.db, clinic2, time.clock().toISOString());
    const elsewhere = await caseWithOpenRequest(handle.db, time.clock, {
      practice: { organization: practice.organization, clinic: clinic2 },
      entries,
    });
    await answer(elsewhere.token, [{ instrumentId: 'phq-9', answers: PHQ9 }]);
    return { practice, cases: made, admin, elsewhere };
  }

  async function issueToken(adminEmail: string, expiresInDays = 30) {
    const admin = await signedIn(app, adminEmail);
    const issued = await admin.call('POST', '/api/admin/api-tokens', {
      label: 'Warehouse',
      expiresInDays,
    });
    expect(issued.statusCode).toBe(201);
    return { admin, body: issued.json() as { token: { id: string }; secret: string } };
  }

  async function fhir(
    url: string,
    auth: { bearer?: string; cookie?: Awaited<ReturnType<typeof signedIn>> } = {},
    headers: Record<string, string> = {},
  ) {
    const response = auth.cookie
      ? await app.inject({
          method: 'GET',
          url,
          headers: { cookie: `__Host-rapport-session=${auth.cookie.state.cookie}`, ...headers },
        })
      : await app.inject({
          method: 'GET',
          url,
          headers: { ...(auth.bearer && { authorization: `Bearer ${auth.bearer}` }), ...headers },
        });
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const body = response.json() as Json;
    returned.push(body);
    return { status: response.statusCode, body, headers: response.headers };
  }

  /** Follows a search's next links to the end, checking each page's resources. */
  async function walk(url: string, bearer: string) {
    const ids: string[] = [];
    let next: string | undefined = url;
    let pages = 0;
    while (next !== undefined) {
      const page = await fhir(next.replace('https://rapport.example', ''), { bearer });
      expect(page.status).toBe(200);
      const bundle = page.body as unknown as Bundle;
      for (const entry of bundle.entry) {
        expect(entry.fullUrl).toBe(
          `https://rapport.example/fhir/R4/${entry.resource.resourceType}/${entry.resource.id}`,
        );
        ids.push(entry.resource.id!);
      }
      next = bundle.link.find((l) => l.relation === 'next')?.url;
      pages += 1;
      expect(pages).toBeLessThan(50);
    }
    return { ids, pages };
  }

  it('answers metadata without a sign-in: a CapabilityStatement of exactly what is served', async () => {
    const { status, body, headers } = await fhir('/fhir/R4/metadata');
    expect(status).toBe(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(body).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      kind: 'instance',
    });
    const rest = (
      body.rest as {
        resource: {
          type: string;
          interaction: { code: string }[];
          searchParam: { name: string }[];
        }[];
      }[]
    )[0]!;
    expect(
      rest.resource.map((r) => [
        r.type,
        r.interaction.map((i) => i.code),
        r.searchParam.map((p) => p.name),
      ]),
    ).toEqual([
      ['Questionnaire', ['read', 'search-type'], ['url', 'version']],
      ['QuestionnaireResponse', ['read', 'search-type'], ['subject', 'date']],
      ['Observation', ['read', 'search-type'], ['subject', 'date', 'code']],
    ]);
  });

  it('refuses unsigned callers and unknown, revoked or expired tokens with 401 OperationOutcomes', async () => {
    const p = await answeredPractice(1);
    const responseId = (
      await handle.db
        .selectFrom('questionnaire_response')
        .select('id')
        .where('case_id', '=', p.cases[0]!.careCase.id)
        .executeTakeFirstOrThrow()
    ).id;
    for (const url of [
      '/fhir/R4/QuestionnaireResponse',
      `/fhir/R4/QuestionnaireResponse/${responseId}`,
      '/fhir/R4/Observation',
      '/fhir/R4/Questionnaire/phq-9',
    ]) {
      const unsigned = await fhir(url);
      expect(unsigned.status, url).toBe(401);
      expect(unsigned.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'login' }],
      });
      expect(unsigned.headers['www-authenticate']).toBe('Bearer realm="rapport-fhir"');
      expect((await fhir(url, { bearer: 'rapport_not-a-token' })).status).toBe(401);
    }
    const basic = await app.inject({
      url: '/fhir/R4/Observation',
      headers: { authorization: 'Basic eDp5' },
    });
    expect(basic.statusCode).toBe(401);

    const { admin, body } = await issueToken(p.admin.email, 2);
    expect(
      (await fhir(`/fhir/R4/QuestionnaireResponse/${responseId}`, { bearer: body.secret })).status,
    ).toBe(200);
    const revoked = await admin.call('POST', `/api/admin/api-tokens/${body.token.id}/revoke`);
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    const refused = await fhir(`/fhir/R4/QuestionnaireResponse/${responseId}`, {
      bearer: body.secret,
    });
    expect(refused.status).toBe(401);
    expect(refused.body.issue).toEqual([
      expect.objectContaining({ diagnostics: 'The API token has been revoked.' }),
    ]);

    const second = await issueToken(p.admin.email, 2);
    expect((await fhir('/fhir/R4/Observation', { bearer: second.body.secret })).status).toBe(200);
    time.advance(2 * 24 * 60 * 60 * 1000);
    const expired = await fhir('/fhir/R4/Observation', { bearer: second.body.secret });
    expect(expired.status).toBe(401);
    expect(expired.body.issue).toEqual([
      expect.objectContaining({ diagnostics: 'The API token has been expired.' }),
    ]);

    const refusals = await listAuditEvents(handle.db, p.practice.organization.id, {
      action: 'api-token.refuse',
    });
    expect(refusals.map((e) => [e.entityId, e.outcome, e.details.reason]).sort()).toEqual(
      [
        [body.token.id, 'denied', 'revoked'],
        [second.body.token.id, 'denied', 'expired'],
      ].sort(),
    );
  });

  it('issues a token once, keeps only its hash, lists and revokes it, and audits each step', async () => {
    const p = await answeredPractice(1);
    const { admin, body } = await issueToken(p.admin.email);
    expect(body.secret).toMatch(/^rapport_[A-Za-z0-9_-]{43}$/);
    expect(body.token).toMatchObject({
      label: 'Warehouse',
      status: 'active',
      clinics: [{ id: p.practice.clinic.id }],
    });
    const list = await admin.call('GET', '/api/admin/api-tokens');
    expect(list.json().tokens).toEqual([
      expect.objectContaining({ id: body.token.id, lastUsedAt: null }),
    ]);
    expect(list.body).not.toContain(body.secret);
    const stored = JSON.stringify(await handle.db.selectFrom('api_token').selectAll().execute());
    expect(stored).not.toContain(body.secret);
    expect(stored).not.toContain(body.secret.slice('rapport_'.length));

    await fhir('/fhir/R4/Observation?_count=1', { bearer: body.secret });
    const used = (await admin.call('GET', '/api/admin/api-tokens')).json().tokens[0];
    expect(used.lastUsedAt).toBe(time.clock().toISOString());

    // Bad input changes nothing.
    const bad = await admin.call('POST', '/api/admin/api-tokens', {
      label: '',
      expiresInDays: 400,
    });
    expect(bad.statusCode).toBe(400);
    expect((await admin.call('GET', '/api/admin/api-tokens')).json().tokens).toHaveLength(1);
    // A therapist may not issue, list or revoke; another organization's admin does not see it.
    const therapist = await signedIn(app, p.cases[0]!.therapist.email);
    expect(
      (await therapist.call('POST', '/api/admin/api-tokens', { label: 'x', expiresInDays: 1 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await therapist.call('POST', `/api/admin/api-tokens/${body.token.id}/revoke`)).statusCode,
    ).toBe(403);
    const other = await answeredPractice(0);
    const otherAdmin = await signedIn(app, other.admin.email);
    expect((await otherAdmin.call('GET', '/api/admin/api-tokens')).json().tokens).toEqual([]);
    expect(
      (await otherAdmin.call('POST', `/api/admin/api-tokens/${body.token.id}/revoke`)).statusCode,
    ).toBe(404);

    expect(
      (await admin.call('POST', `/api/admin/api-tokens/${body.token.id}/revoke`)).statusCode,
    ).toBe(200);
    const trail = await listAuditEvents(handle.db, p.practice.organization.id, {});
    const actions = trail.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'api-token.issue',
        'api-token.list',
        'api-token.revoke',
        'fhir.search',
      ]),
    );
    expect(trail.find((e) => e.action === 'fhir.search')).toMatchObject({
      actorType: 'system',
      actorId: body.token.id,
      entityType: 'score',
      details: { apiToken: body.token.id, resourceType: 'Observation', count: 1 },
    });
    expect(JSON.stringify(trail)).not.toContain(body.secret);
  });

  it('serves a therapist their own clients only; another case, clinic or organization is 404', async () => {
    const p = await answeredPractice(2);
    const [mine, colleagues] = p.cases as [(typeof p.cases)[0], (typeof p.cases)[0]];
    const therapist = await signedIn(app, mine.therapist.email);
    const search = await fhir('/fhir/R4/QuestionnaireResponse', { cookie: therapist });
    expect(search.status).toBe(200);
    const entries = (search.body as unknown as Bundle).entry;
    expect(entries.map((e) => e.resource.subject)).toEqual(
      Array(3).fill({ reference: `Patient/${mine.clients[0]!.id}` }),
    );
    const responseOf = async (caseId: string) =>
      (
        await handle.db
          .selectFrom('questionnaire_response')
          .select('id')
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).id;
    const scoreOf = async (caseId: string) =>
      (
        await handle.db
          .selectFrom('score')
          .select('id')
          .where('case_id', '=', caseId)
          .where('value', 'is not', null)
          .executeTakeFirstOrThrow()
      ).id;
    expect(
      (
        await fhir(`/fhir/R4/QuestionnaireResponse/${await responseOf(mine.careCase.id)}`, {
          cookie: therapist,
        })
      ).status,
    ).toBe(200);
    expect(
      (await fhir(`/fhir/R4/Observation/${await scoreOf(mine.careCase.id)}`, { cookie: therapist }))
        .status,
    ).toBe(200);
    for (const caseId of [colleagues.careCase.id, p.elsewhere.careCase.id]) {
      const refused = await fhir(`/fhir/R4/QuestionnaireResponse/${await responseOf(caseId)}`, {
        cookie: therapist,
      });
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'not-found' }],
      });
      expect(
        (await fhir(`/fhir/R4/Observation/${await scoreOf(caseId)}`, { cookie: therapist })).status,
      ).toBe(404);
    }
    // The clinic's token reads both cases of its clinic, never the second clinic's.
    const { body } = await issueToken(p.admin.email);
    expect(
      (
        await fhir(`/fhir/R4/QuestionnaireResponse/${await responseOf(colleagues.careCase.id)}`, {
          bearer: body.secret,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fhir(`/fhir/R4/QuestionnaireResponse/${await responseOf(p.elsewhere.careCase.id)}`, {
          bearer: body.secret,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await fhir(`/fhir/R4/Observation/${await scoreOf(p.elsewhere.careCase.id)}`, {
          bearer: body.secret,
        })
      ).status,
    ).toBe(404);
    // Another organization's token and therapist see nothing of this one.
    const other = await answeredPractice(1);
    const foreign = await issueToken(other.admin.email);
    expect(
      (
        await fhir(`/fhir/R4/QuestionnaireResponse/${await responseOf(mine.careCase.id)}`, {
          bearer: foreign.body.secret,
        })
      ).status,
    ).toBe(404);
    const foreignSearch = await fhir(
      `/fhir/R4/Observation?subject=Patient/${mine.clients[0]!.id}`,
      { bearer: foreign.body.secret },
    );
    expect((foreignSearch.body as unknown as Bundle).entry).toEqual([]);
    // An admin signed in with a cookie has no clinical reach, as in the app.
    const admin = await signedIn(app, p.admin.email);
    expect(
      ((await fhir('/fhir/R4/QuestionnaireResponse', { cookie: admin })).body as unknown as Bundle)
        .entry,
    ).toEqual([]);
    // The refused reads are in the trail, with the record's id.
    const denied = await listAuditEvents(handle.db, p.practice.organization.id, {
      action: 'fhir.read',
      outcome: 'denied',
    });
    expect(denied.length).toBeGreaterThanOrEqual(5);
  });

  it('pages through every result exactly once, and narrows by subject, date and code', async () => {
    const p = await answeredPractice(3);
    const { body } = await issueToken(p.admin.email);
    const bearer = body.secret;
    const responses = await walk('/fhir/R4/QuestionnaireResponse?_count=2', bearer);
    expect(responses.pages).toBe(5); // 9 responses of the clinic, 2 a page
    expect(new Set(responses.ids).size).toBe(9);
    expect(responses.ids).toHaveLength(9);
    const observations = await walk('/fhir/R4/Observation?_count=4', bearer);
    const scored = await handle.db
      .selectFrom('score')
      .select('id')
      .where('organization_id', '=', p.practice.organization.id)
      .where(
        'case_id',
        'in',
        p.cases.map((c) => c.careCase.id),
      )
      .where('value', 'is not', null)
      .execute();
    expect([...observations.ids].sort()).toEqual(scored.map((s) => s.id).sort());
    expect(new Set(observations.ids).size).toBe(observations.ids.length);

    const client = p.cases[1]!.clients[0]!.id;
    const bySubject = await walk(
      `/fhir/R4/QuestionnaireResponse?subject=Patient/${client}`,
      bearer,
    );
    expect(bySubject.ids).toHaveLength(3);
    // The cases answered at 12:00, 13:00 and 14:00 UTC.
    const day = await walk(
      '/fhir/R4/QuestionnaireResponse?date=ge2026-11-02T12:30:00Z&date=le2026-11-02T13:30:00Z',
      bearer,
    );
    expect(day.ids).toHaveLength(3);
    const whole = await walk(
      '/fhir/R4/QuestionnaireResponse?date=ge2026-11-02&date=le2026-11-02',
      bearer,
    );
    expect(whole.ids).toHaveLength(9);
    expect((await walk('/fhir/R4/QuestionnaireResponse?date=le2026-11-01', bearer)).ids).toEqual(
      [],
    );

    const phqTotals = await fhir('/fhir/R4/Observation?code=http://loinc.org|44261-6', { bearer });
    const phqEntries = (phqTotals.body as unknown as Bundle).entry;
    expect(phqEntries).toHaveLength(3);
    for (const e of phqEntries)
      expect(e.resource).toMatchObject({
        code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
        valueQuantity: { value: 7 },
        derivedFrom: [{ reference: expect.stringMatching(/^QuestionnaireResponse\//) }],
      });
    const goal = await fhir(`/fhir/R4/Observation?code=goal&subject=${client}`, { bearer });
    expect((goal.body as unknown as Bundle).entry.map((e) => e.resource.valueQuantity)).toEqual([
      expect.objectContaining({ value: expect.any(Number) }),
    ]);
    expect(
      (
        (await fhir('/fhir/R4/Observation?code=http://loinc.org|0000-0', { bearer }))
          .body as unknown as Bundle
      ).entry,
    ).toEqual([]);

    const audit = await listAuditEvents(handle.db, p.practice.organization.id, {
      action: 'fhir.search',
    });
    expect(audit.length).toBeGreaterThan(5);
    expect(JSON.stringify(audit)).not.toContain('Zyxwv');
  });

  it('answers a bad search with 400, a format it does not serve with 406, and a path it lacks with 404', async () => {
    const p = await answeredPractice(1);
    const { body } = await issueToken(p.admin.email);
    const bearer = body.secret;
    for (const [query, message] of [
      ['Observation?patient=x', /cannot be searched by "patient"/],
      ['QuestionnaireResponse?code=44261-6', /cannot be searched by "code"/],
      ['Observation?date=2026-11-02', /needs the prefix ge or le/],
      ['Observation?date=gt2026-11-02', /needs the prefix ge or le/],
      ['Observation?date=ge2026-13-02', /is not a FHIR date/],
      ['Observation?subject=Patient/Ana', /subject must be Patient\/\{id\}/],
      ['Observation?_count=0', /_count must be/],
      ['Observation?_cursor=nonsense', /_cursor is not one/],
      ['Questionnaire?url=a&url=b', /only once/],
    ] as const) {
      const refused = await fhir(`/fhir/R4/${query}`, { bearer });
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'invalid' }],
      });
      expect((refused.body.issue as { diagnostics: string }[])[0]!.diagnostics).toMatch(message);
    }
    const xml = await fhir('/fhir/R4/Observation', { bearer }, { accept: 'application/fhir+xml' });
    expect(xml.status).toBe(406);
    expect((await fhir('/fhir/R4/metadata?_format=xml')).status).toBe(406);
    expect(
      (await fhir('/fhir/R4/metadata', {}, { accept: 'application/fhir+json;q=0.9, */*;q=0.1' }))
        .status,
    ).toBe(200);
    expect((await fhir('/fhir/R4/metadata?_format=json')).status).toBe(200);
    const missing = await fhir('/fhir/R4/Patient/1', { bearer });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it('serves the instruments as Questionnaires, by id, url and version', async () => {
    const p = await answeredPractice(0);
    const { body } = await issueToken(p.admin.email);
    const bearer = body.secret;
    const phq = await fhir('/fhir/R4/Questionnaire/phq-9', { bearer });
    expect(phq.body).toMatchObject({
      resourceType: 'Questionnaire',
      id: 'phq-9',
      url: 'urn:rapport:questionnaire:phq-9',
      version: phq9.version,
    });
    const byUrl = await fhir('/fhir/R4/Questionnaire?url=urn:rapport:questionnaire:phq-9', {
      bearer,
    });
    expect((byUrl.body as unknown as Bundle).entry.map((e) => e.resource.id)).toEqual(['phq-9']);
    const byVersion = await fhir(
      `/fhir/R4/Questionnaire?url=urn:rapport:questionnaire:phq-9&version=${phq9.version}`,
      { bearer },
    );
    expect((byVersion.body as unknown as Bundle).entry).toHaveLength(1);
    const noVersion = await fhir(
      '/fhir/R4/Questionnaire?url=urn:rapport:questionnaire:phq-9&version=9.9.9',
      { bearer },
    );
    expect((noVersion.body as unknown as Bundle).entry).toEqual([]);
    const all = await walk('/fhir/R4/Questionnaire?_count=3', bearer);
    expect(all.ids).toEqual([...all.ids].sort());
    expect(all.ids).toEqual(expect.arrayContaining(['gad-7', 'phq-9', 'wai-sr', 'who-5']));
    expect((await fhir('/fhir/R4/Questionnaire/not-an-instrument', { bearer })).status).toBe(404);
  });

  it('returns only resources that validate against the FHIR R4 definitions', () => {
    const resources = returned.flatMap((r) =>
      r.resourceType === 'Bundle'
        ? [r, ...(r as unknown as Bundle).entry.map((e) => e.resource)]
        : [r],
    );
    const types = new Set(resources.map((r) => r.resourceType));
    expect([...types].sort()).toEqual([
      'Bundle',
      'CapabilityStatement',
      'Observation',
      'OperationOutcome',
      'Questionnaire',
      'QuestionnaireResponse',
    ]);
    // The validator does find faults: a missing code, a value of the wrong type.
    expect(
      fhirR4Problems({
        resourceType: 'Observation',
        status: 'final',
        valueQuantity: { value: '7' },
      }),
    ).toHaveLength(2);
    const problems = resources.flatMap((r) =>
      fhirR4Problems(r).map((p) => `${r.resourceType}/${r.id ?? '-'}: ${p}`),
    );
    expect([...new Set(problems)]).toEqual([]);
  });
});
