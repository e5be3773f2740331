import { describe, expect, it } from 'vitest';
import { type StaffClient, signedIn } from '../../../test/helpers/auth-client.ts';
import { createRolePractice } from '../../../test/helpers/role-practice.ts';
import { useTestClock } from '../../../test/helpers/test-clock.ts';
import { useTestApp } from '../../../test/helpers/test-app.ts';
import { testDialects } from '../../../test/helpers/test-databases.ts';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';

/** Issue 19, item 2: the couples plan of the issue, with a concern and an age limit besides. */
const couplesPlan = [
  { instrumentId: 'wai-sr', respondent: 'client-member', schedule: { kind: 'every-session' } },
  {
    instrumentId: 'who-5',
    respondent: 'client-member',
    schedule: { kind: 'sessions', numbers: [1, 5, 10] },
  },
  {
    instrumentId: 'therapist-session-rating',
    respondent: 'therapist',
    schedule: { kind: 'every-session' },
  },
  {
    instrumentId: 'phq-9',
    respondent: 'client-member',
    schedule: { kind: 'intake-and-every', every: 4 },
    concerns: ['depression'],
  },
  {
    instrumentId: 'score-15',
    respondent: 'client-member',
    schedule: { kind: 'every-from', from: 2, every: 3 },
    minAge: 50,
  },
  { instrumentId: 'swls', respondent: 'client-member', schedule: { kind: 'intake' } },
];

interface Row {
  session: number;
  respondent: string;
  instruments: string[];
}

describe.each(testDialects)('the plan editor preview over HTTP on %s', (dialect) => {
  const time = useTestClock('2026-11-23T12:00:00Z');
  const t = useTestApp(dialect, time.clock);

  /** A new couple case opened as the admin would, with `count` sessions from an hour on. */
  async function newCoupleCase(
    p: Awaited<ReturnType<typeof createRolePractice>>,
    clients: { admin: StaffClient; therapist: StaffClient },
    people: { language: string; birthYear: number }[],
    count: number,
  ) {
    const { admin, therapist } = clients;
    const clinicId = p.practice.clinic.id;
    const therapistId = p.staff.therapist1.id;
    const clientIds: string[] = [];
    for (const [i, person] of people.entries()) {
      const created = await admin.call('POST', '/api/clients', {
        clinicId,
        givenName: `Preview${i}`,
        familyName: `Partner${time.now()}`,
        birthYear: person.birthYear,
        preferredLanguage: person.language,
      });
      expect(created.statusCode, created.body).toBe(201);
      clientIds.push(created.json().id);
    }
    const opened = await admin.call('POST', '/api/case-records', {
      clinicId,
      caseType: 'couple',
      presentingConcerns: ['relationship'],
      members: clientIds.map((clientId) => ({ clientId, relation: 'partner' })),
      therapistIds: [therapistId],
      startDate: new Date(time.now()).toISOString().slice(0, 10),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId: string = opened.json().id;
    const sessionIds: string[] = [];
    for (let n = 1; n <= count; n++) {
      const startsAt = new Date(time.now() + n * 3_600_000);
      const made = await therapist.call('POST', `/api/cases/${caseId}/sessions`, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 50 * 60_000).toISOString(),
        modality: 'in-person',
        language: 'en',
      });
      expect(made.statusCode, made.body).toBe(201);
      sessionIds.push(made.json().id);
    }
    return { caseId, clientIds, sessionIds };
  }

  /** The case's requests, as rows of session, respondent (member n or therapist), instruments. */
  async function requestRows(
    caseId: string,
    clientIds: string[],
    occasion: 'session' | 'end-of-care' = 'session',
  ): Promise<Row[]> {
    const rows = await t.db
      .selectFrom('questionnaire_request')
      .innerJoin('therapy_session', 'therapy_session.id', 'questionnaire_request.session_id')
      .select([
        'therapy_session.number',
        'questionnaire_request.client_id',
        'questionnaire_request.instruments',
      ])
      .where('questionnaire_request.case_id', '=', caseId)
      .where('questionnaire_request.occasion', '=', occasion)
      .execute();
    return rows
      .map((r) => ({
        session: Number(r.number),
        respondent: r.client_id ? `member ${clientIds.indexOf(r.client_id) + 1}` : 'therapist',
        instruments: JSON.parse(r.instruments) as string[],
      }))
      .sort((a, b) => a.session - b.session || a.respondent.localeCompare(b.respondent));
  }

  it('previews sessions 1–10 exactly as a new case then gets them, with minutes and missing languages', async () => {
    const p = await createRolePractice(t.db);
    const clinicId = p.practice.clinic.id;
    const admin = await signedIn(t.app, p.staff.admin.email);
    const therapist = await signedIn(t.app, p.staff.therapist1.email);
    // And at the end of care, the SWLS again from each member and the therapist's rating.
    const atEnd = { schedule: { kind: 'end-of-care' } };
    const entries = [
      ...couplesPlan,
      { ...couplesPlan[5]!, ...atEnd },
      { ...couplesPlan[2]!, ...atEnd },
    ];
    const draft = { clinicId, caseType: 'couple', entries };
    const before = await t.db.selectFrom('measurement_plan').select('id').execute();
    const preview = await admin.call('POST', '/api/admin/measurement-plans/preview', {
      ...draft,
      members: [
        { language: 'en', age: 60 },
        { language: 'ar', age: 40 },
      ],
      concerns: ['relationship'],
    });
    expect(preview.statusCode, preview.body).toBe(200);
    // Nothing is stored by a preview.
    expect(await t.db.selectFrom('measurement_plan').select('id').execute()).toEqual(before);
    const sessions = preview.json().sessions as {
      number: number;
      respondents: {
        respondent: string;
        member: number | null;
        language: string;
        forms: { instrumentId: string; title: string; languageMissing: boolean }[];
        minutes: number;
      }[];
    }[];
    expect(sessions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const endOfCare = preview.json().endOfCare as (typeof sessions)[number]['respondents'];
    expect(endOfCare.map((r) => [r.member, r.forms.map((f) => f.instrumentId)])).toEqual([
      [1, ['swls']],
      [2, ['swls']],
      [null, ['therapist-session-rating']],
    ]);
    // Session 1 asks each member the WAI-SR, WHO-5 and SWLS (no PHQ-9: the case is not about
    // depression), the therapist their rating; SCORE-15 comes at 2, 5, 8 for the member over 50 only.
    expect(sessions[0]!.respondents.map((r) => r.forms.map((f) => f.instrumentId))).toEqual([
      ['wai-sr', 'who-5', 'swls'],
      ['wai-sr', 'who-5', 'swls'],
      ['therapist-session-rating'],
    ]);
    expect(sessions[1]!.respondents.map((r) => r.forms.map((f) => f.instrumentId))).toEqual([
      ['wai-sr', 'score-15'],
      ['wai-sr'],
      ['therapist-session-rating'],
    ]);
    // Minutes: 6 s a choice item, 30 s a text item, rounded, at least one.
    const items = (ids: string[]) => ids.flatMap((id) => findBundledInstrument(id)!.items);
    const seconds = (ids: string[]) =>
      items(ids).reduce((sum, i) => sum + (i.type === 'text' ? 30 : 6), 0);
    expect(sessions[0]!.respondents[0]!.minutes).toBe(
      Math.max(1, Math.round(seconds(['wai-sr', 'who-5', 'swls']) / 60)),
    );
    // The second member reads Arabic: every form without an Arabic text is flagged.
    for (const form of sessions[0]!.respondents[1]!.forms)
      expect(form.languageMissing, form.instrumentId).toBe(
        !findBundledInstrument(form.instrumentId)!.languages.includes('ar'),
      );
    expect(sessions[0]!.respondents[1]!.forms.some((f) => f.languageMissing)).toBe(true);
    expect(sessions[0]!.respondents[0]!.forms.every((f) => !f.languageMissing)).toBe(true);

    // Published, then a new couple case of the same people's languages and ages.
    const published = await admin.call('POST', '/api/admin/measurement-plans', {
      ...draft,
      name: 'Couples',
    });
    expect(published.statusCode, published.body).toBe(201);
    const made = await newCoupleCase(
      p,
      { admin, therapist },
      [
        { language: 'en', birthYear: 1966 },
        { language: 'ar', birthYear: 1986 },
      ],
      10,
    );
    time.advance(11 * 3_600_000);
    // A staff sign-in ends after a while idle: the therapist signs in again, as in the morning.
    const later = await signedIn(t.app, p.staff.therapist1.email);
    for (const sessionId of made.sessionIds) {
      const attended = await later.call('POST', `/api/sessions/${sessionId}/attendance`, {
        attendance: 'attended',
      });
      expect(attended.statusCode, attended.body).toBe(200);
    }
    const expected: Row[] = sessions
      .flatMap((s) =>
        s.respondents.map((r) => ({
          session: s.number,
          respondent: r.member === null ? 'therapist' : `member ${r.member}`,
          instruments: r.forms.map((f) => f.instrumentId),
        })),
      )
      .sort((a, b) => a.session - b.session || a.respondent.localeCompare(b.respondent));
    // Attended sessions never ask the end-of-care forms; closing the case does, on session 10.
    expect(await requestRows(made.caseId, made.clientIds)).toEqual(expected);
    const adminLater = await signedIn(t.app, p.staff.admin.email);
    const closed = await adminLater.call('POST', `/api/case-records/${made.caseId}/close`, {
      reason: 'completed',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await requestRows(made.caseId, made.clientIds, 'end-of-care')).toEqual(
      endOfCare.map((r) => ({
        session: 10,
        respondent: r.member === null ? 'therapist' : `member ${r.member}`,
        instruments: r.forms.map((f) => f.instrumentId),
      })),
    );
  });

  it('refuses a bad draft with each field named, and stores nothing', async () => {
    const p = await createRolePractice(t.db);
    const admin = await signedIn(t.app, p.staff.admin.email);
    const count = async () =>
      (await t.db.selectFrom('measurement_plan').select('id').execute()).length;
    const before = await count();
    const entries = [
      {
        instrumentId: 'wai-sr',
        respondent: 'client-member',
        schedule: { kind: 'sessions', numbers: [] },
      },
      {
        instrumentId: 'no-such-form',
        respondent: 'client-member',
        schedule: { kind: 'every-session' },
      },
      {
        instrumentId: 'who-5',
        respondent: 'client-member',
        schedule: { kind: 'every-from', from: 0, every: 2 },
      },
    ];
    const base = { clinicId: p.practice.clinic.id, caseType: 'couple' };
    const members = [{ language: 'en' }, { language: 'es' }];
    for (const [url, body] of [
      ['/api/admin/measurement-plans/preview', { ...base, entries, members }],
      ['/api/admin/measurement-plans', { ...base, entries, name: 'Broken' }],
    ] as const) {
      const refused = await admin.call('POST', url, body);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect((refused.json().errors as { path: string }[]).map((e) => e.path).sort(), url).toEqual([
        'body.entries.0.schedule.numbers',
        'body.entries.2.schedule.from',
      ]);
      // Once the schema is satisfied, the unknown instrument is named in its turn.
      const fixed = [
        { ...entries[0], schedule: { kind: 'sessions', numbers: [1] } },
        entries[1],
        { ...entries[2], schedule: { kind: 'every-from', from: 1, every: 2 } },
      ];
      const unknown = await admin.call('POST', url, { ...body, entries: fixed });
      expect(unknown.statusCode, url).toBe(400);
      expect(unknown.json().errors).toEqual([
        { path: 'body.entries.1.instrumentId', message: 'no such instrument' },
      ]);
    }
    // A couple has two members, and a language must be a language tag.
    const wrongCount = await admin.call('POST', '/api/admin/measurement-plans/preview', {
      ...base,
      entries: couplesPlan,
      members: [{ language: 'en' }],
    });
    expect(wrongCount.statusCode).toBe(400);
    expect(wrongCount.json().errors[0].path).toBe('body.members');
    const badTag = await admin.call('POST', '/api/admin/measurement-plans/preview', {
      ...base,
      entries: couplesPlan,
      members: [{ language: 'en' }, { language: '<script>' }],
    });
    expect(badTag.statusCode).toBe(400);
    expect(badTag.json().errors[0].path).toMatch(/^body\.members\.1\.language/);
    expect(await count()).toBe(before);
    // Another organization's clinic, or none of the admin's: as if it did not exist.
    const elsewhere = await admin.call('POST', '/api/admin/measurement-plans/preview', {
      ...base,
      clinicId: '00000000-0000-4000-8000-000000000000',
      entries: couplesPlan,
      members,
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('publishing a new version leaves the requests already made as they were', async () => {
    const p = await createRolePractice(t.db);
    const clinicId = p.practice.clinic.id;
    let admin = await signedIn(t.app, p.staff.admin.email);
    let therapist = await signedIn(t.app, p.staff.therapist1.email);
    const url = '/api/admin/measurement-plans';
    const first = [couplesPlan[0]!];
    expect(
      (await admin.call('POST', url, { clinicId, caseType: 'couple', name: 'v1', entries: first }))
        .statusCode,
    ).toBe(201);
    const made = await newCoupleCase(
      p,
      { admin, therapist },
      [
        { language: 'en', birthYear: 1980 },
        { language: 'es', birthYear: 1982 },
      ],
      1,
    );
    time.advance(2 * 3_600_000);
    therapist = await signedIn(t.app, p.staff.therapist1.email);
    admin = await signedIn(t.app, p.staff.admin.email);
    const attended = await therapist.call(
      'POST',
      `/api/sessions/${made.sessionIds[0]}/attendance`,
      { attendance: 'attended' },
    );
    expect(attended.statusCode, attended.body).toBe(200);
    const underV1 = await requestRows(made.caseId, made.clientIds);
    expect(underV1.map((r) => r.instruments)).toEqual([['wai-sr'], ['wai-sr']]);
    // v2 asks the WHO-5 too, from now on.
    expect(
      (
        await admin.call('POST', url, {
          clinicId,
          caseType: 'couple',
          name: 'v2',
          entries: [first[0], { ...couplesPlan[1], schedule: { kind: 'every-session' } }],
        })
      ).statusCode,
    ).toBe(201);
    const next = await therapist.call('POST', `/api/cases/${made.caseId}/sessions`, {
      startsAt: new Date(time.now() + 60_000).toISOString(),
      endsAt: new Date(time.now() + 51 * 60_000).toISOString(),
      modality: 'video',
      language: 'en',
    });
    expect(next.statusCode, next.body).toBe(201);
    time.advance(5 * 60_000);
    // Marking session 1 attended again makes nothing new; session 2 follows v2.
    for (const sessionId of [made.sessionIds[0], next.json().id])
      await therapist.call('POST', `/api/sessions/${sessionId}/attendance`, {
        attendance: 'attended',
      });
    const rows = await requestRows(made.caseId, made.clientIds);
    expect(rows.filter((r) => r.session === 1)).toEqual(underV1);
    expect(rows.filter((r) => r.session === 2).map((r) => r.instruments)).toEqual([
      ['wai-sr', 'who-5'],
      ['wai-sr', 'who-5'],
    ]);
  });
});
