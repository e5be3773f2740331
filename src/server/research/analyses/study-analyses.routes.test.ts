import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
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
import { findBundledInstrument } from '../../../core/instruments/bundled-instruments.ts';
import { createSeededRandom } from '../../../core/random/seeded-random.ts';
import { scoreResponse } from '../../../core/scoring/score-response.ts';
import { benjaminiHochberg } from '../../../core/stats/benjamini-hochberg.ts';
import { correlate } from '../../../core/stats/correlate.ts';
import { cronbachAlpha } from '../../../core/stats/cronbach-alpha.ts';
import { intraclassCorrelation } from '../../../core/stats/intraclass-correlation.ts';
import { pairedAgreement } from '../../../core/stats/paired-agreement.ts';
import { fitRandomIntercept } from '../../../core/stats/random-intercept-model.ts';
import type { Executor } from '../../db/database.ts';
import type { ParticipantStatus } from '../../db/database-schema.ts';
import {
  type QuestionnaireRequest,
  insertRequests,
  requestToRow,
} from '../../measurement/questionnaire-request.repository.ts';
import { responseRows } from '../../measurement/response-rows.ts';
import { readStudyAnalyses } from './study-analyses.service.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const SESSIONS = [1, 2, 3];
const CLIENT_FORMS = ['wai-sr', 'who-5', 'swls', 'flourishing-scale'];
const THERAPIST_FORM = 'therapist-session-rating';
const ORIGIN = { ip: null, requestId: null };

/** What the test itself wrote for one answered form: the raw rows it checks against. */
interface Written {
  person: number;
  status: ParticipantStatus;
  role: 'client' | 'therapist';
  session: number;
  instrumentId: string;
  answers: Record<string, number>;
  /** scale id → [value, item mean] */
  scores: Map<string, [number | null, number | null]>;
}

/** Answers near `level` (0…1 of each item's range), so alliance and outcomes correlate. */
function answersAt(
  instrumentId: string,
  level: number,
  random: ReturnType<typeof createSeededRandom>,
) {
  const definition = findBundledInstrument(instrumentId)!;
  const answers: Record<string, number> = {};
  for (const item of definition.items) {
    if (item.type !== 'choice') continue;
    const values = definition.responseSets
      .find((r) => r.id === item.responses)!
      .options.map((o) => o.value);
    const at = Math.min(0.999, Math.max(0, level + random.normal(0, 0.15)));
    answers[item.id] = values[Math.floor(at * values.length)]!;
  }
  return answers;
}

async function answerForm(
  db: Executor,
  request: QuestionnaireRequest,
  session: number,
  instrumentId: string,
  answers: Record<string, number>,
) {
  const definition = findBundledInstrument(instrumentId)!;
  const score = scoreResponse(definition, answers);
  const made = responseRows({
    request,
    sessionNumber: session,
    definition,
    answers,
    score,
    submissionId: randomUUID(),
    at: new Date(NOW - 86_400_000 * (10 - session)).toISOString(),
  });
  await db.insertInto('questionnaire_response').values(made.response).execute();
  await db.insertInto('score').values(made.scores).execute();
  return new Map(
    made.scores.map((s) => [s.scale_id, [s.value, s.item_mean] as [number | null, number | null]]),
  );
}

async function askAndAnswer(
  db: Executor,
  study: TestStudy,
  measureIds: Map<string, string>,
  target: {
    caseId: string;
    sessionId: string;
    participantId: string;
    session: number;
    respondent: { kind: 'client'; id: string } | { kind: 'therapist'; id: string };
  },
  forms: { instrumentId: string; answers: Record<string, number> | null }[],
) {
  const request: QuestionnaireRequest = {
    id: randomUUID(),
    organizationId: study.organizationId,
    caseId: target.caseId,
    sessionId: target.sessionId,
    respondentKind: target.respondent.kind,
    clientId: target.respondent.kind === 'client' ? target.respondent.id : null,
    staffUserId: target.respondent.kind === 'therapist' ? target.respondent.id : null,
    instruments: forms.map((f) => f.instrumentId),
    language: 'en',
    status: 'completed',
    createdAt: new Date(NOW - 20 * 86_400_000).toISOString(),
    expiresAt: '2099-01-01T00:00:00.000Z',
    completedAt: new Date(NOW - 86_400_000).toISOString(),
  };
  await insertRequests(db, [requestToRow(request, `hash-${request.id}`)]);
  const scores: (Map<string, [number | null, number | null]> | null)[] = [];
  for (const form of forms) {
    await db
      .insertInto('study_request_item')
      .values({
        organization_id: study.organizationId,
        study_id: study.id,
        participant_id: target.participantId,
        request_id: request.id,
        instrument_id: form.instrumentId,
        measure_id: measureIds.get(`${target.respondent.kind}:${form.instrumentId}`)!,
        also_clinical: form.instrumentId === 'wai-sr' ? 1 : 0,
      })
      .execute();
    scores.push(
      form.answers === null
        ? null
        : await answerForm(db, request, target.session, form.instrumentId, form.answers),
    );
  }
  return { request, scores };
}

/**
 * A study of 11 clients of therapist 1 (one case each) and therapist 1, sessions 1–3:
 * 8 consenting (one of them `completed`), and a withdrawn, a declined and an invited client
 * who nevertheless have forms (as a study that kept a withdrawn person's data would): the
 * analyses must leave those three out. The withdrawn and declined clients' answers run
 * against the others', so including them would change every number. SWLS is answered at
 * session 3 by only three consenting clients: a small cell.
 */
async function buildStudy(db: Executor) {
  const p = await createRolePractice(db);
  const study = await createTestStudy(db, p.practice, p.staff.researcher.id, {
    measures: [
      ...CLIENT_FORMS.map((instrumentId) => ({
        instrumentId,
        respondent: 'client' as const,
        sessionNumbers: SESSIONS,
      })),
      { instrumentId: THERAPIST_FORM, respondent: 'therapist', sessionNumbers: SESSIONS },
    ],
  });
  const measureIds = new Map([
    ...CLIENT_FORMS.map((id, i) => [`client:${id}`, study.measureIds[i]!] as [string, string]),
    [`therapist:${THERAPIST_FORM}`, study.measureIds[4]!],
  ]);
  const therapist = await createTestParticipant(db, p.practice, study, {
    role: 'therapist',
    staffUserId: p.staff.therapist1.id,
  });
  const statuses: ParticipantStatus[] = [
    ...Array<ParticipantStatus>(7).fill('consented'),
    'completed',
    'withdrawn',
    'declined',
    'invited',
  ];
  const random = createSeededRandom('study-analyses');
  const written: Written[] = [];
  const ids: string[] = [];
  for (const [person, status] of statuses.entries()) {
    const c = await createTestCase(db, p.practice, p.staff.therapist1.id, {
      attendance: ['attended', 'attended', 'attended'],
    });
    const participant = await createTestParticipant(
      db,
      p.practice,
      study,
      { role: 'client', caseId: c.careCase.id, clientId: c.clients[0]!.id },
      status,
    );
    ids.push(participant.id, participant.pseudonym, c.careCase.id, c.clients[0]!.id);
    const excluded = person >= 8;
    const base = excluded ? 0.9 - person * 0.02 : 0.2 + person * 0.08;
    for (const session of SESSIONS) {
      const level = base + random.normal(0, 0.05);
      const forms = CLIENT_FORMS.map((instrumentId) => ({
        instrumentId,
        answers:
          instrumentId === 'swls' && session === 3 && person > 2 && !excluded
            ? null
            : answersAt(
                instrumentId,
                instrumentId === 'wai-sr' || !excluded ? level : 1 - level,
                random,
              ),
      }));
      const sessionId = c.sessions[session - 1]!.id;
      const client = await askAndAnswer(
        db,
        study,
        measureIds,
        {
          caseId: c.careCase.id,
          sessionId,
          session,
          participantId: participant.id,
          respondent: { kind: 'client', id: c.clients[0]!.id },
        },
        forms,
      );
      forms.forEach((f, i) => {
        if (f.answers)
          written.push({
            person,
            status,
            role: 'client',
            session,
            instrumentId: f.instrumentId,
            answers: f.answers,
            scores: client.scores[i]!,
          });
      });
      const rating = answersAt(THERAPIST_FORM, excluded ? 0.1 : level + 0.1, random);
      const t = await askAndAnswer(
        db,
        study,
        measureIds,
        {
          caseId: c.careCase.id,
          sessionId,
          session,
          participantId: therapist.id,
          respondent: { kind: 'therapist', id: p.staff.therapist1.id },
        },
        [{ instrumentId: THERAPIST_FORM, answers: rating }],
      );
      written.push({
        person,
        status,
        role: 'therapist',
        session,
        instrumentId: THERAPIST_FORM,
        answers: rating,
        scores: t.scores[0]!,
      });
    }
  }
  return { p, study, written, ids };
}

const consenting = (w: Written) => w.status === 'consented' || w.status === 'completed';

/** A client's score of a scale at a session, from what the test wrote (NaN if none). */
function scoreOf(
  written: Written[],
  person: number,
  session: number,
  instrumentId: string,
  scale: string,
  metric: 0 | 1 = 0,
) {
  const w = written.find(
    (x) =>
      x.person === person &&
      x.session === session &&
      x.instrumentId === instrumentId &&
      x.role === (instrumentId === THERAPIST_FORM ? 'therapist' : 'client'),
  );
  return w?.scores.get(scale)?.[metric] ?? Number.NaN;
}

const people = (written: Written[], include: (w: Written) => boolean) =>
  [...new Set(written.filter(include).map((w) => w.person))].sort((a, b) => a - b);

const OUTCOMES = ['who-5', 'swls', 'flourishing-scale'];
const ALLIANCE = ['goal', 'task', 'bond', 'total'];

describe.each(testDialects)('a study’s analyses on %s', (dialect) => {
  const t = useTestApp(dialect, () => new Date(NOW));

  it('computes H7, agreement, reliability and the mixed model on consenting participants only, as src/core/stats does on the raw rows', async () => {
    const { p, study, written, ids } = await buildStudy(t.db);
    const actor = {
      userId: p.staff.researcher.id,
      organizationId: p.practice.organization.id,
      roles: [{ clinicId: p.practice.clinic.id, role: 'researcher' as const }],
      authSessionId: randomUUID(),
    };
    const read = (view: 'across' | { session: number }, k = 5) =>
      readStudyAnalyses({ db: t.db, clock: () => new Date(NOW) }, actor, study.id, view, ORIGIN, k);
    const included = people(written, consenting);
    const everyone = people(written, () => true);
    expect(included).toHaveLength(8);

    // H7 at session 2: each pair's r, CI, p and n, and BH over the table.
    const session2 = await read({ session: 2 });
    expect(session2.sessions).toEqual([1, 2, 3]);
    const expected = (who: number[], session: number) =>
      ALLIANCE.flatMap((a) =>
        OUTCOMES.map((o) =>
          correlate(
            who.map((i) => scoreOf(written, i, session, 'wai-sr', a)),
            who.map((i) => scoreOf(written, i, session, o, 'total')),
          ),
        ),
      );
    const own = expected(included, 2);
    const adjusted = benjaminiHochberg(own.map((c) => c.p));
    session2.h7.forEach((row, i) => {
      expect([row.alliance, row.outcome]).toEqual([ALLIANCE[Math.floor(i / 3)], OUTCOMES[i % 3]]);
      expect(row.n).toBe(8);
      expect(row.r).toBeCloseTo(own[i]!.r, 12);
      expect(row.ci![0]).toBeCloseTo(own[i]!.ci[0], 12);
      expect(row.ci![1]).toBeCloseTo(own[i]!.ci[1], 12);
      expect(row.p).toBeCloseTo(own[i]!.p, 12);
      expect(row.pAdjusted).toBeCloseTo(adjusted[i]!, 12);
    });
    // With the withdrawn, declined and invited clients the numbers would differ.
    const withEveryone = expected(everyone, 2);
    expect(Math.abs(withEveryone[0]!.r - session2.h7[0]!.r!)).toBeGreaterThan(0.05);

    // Across sessions: each client's mean over the sessions they have a score for.
    const across = await read('across');
    const meanOf = (i: number, instrumentId: string, scale: string) => {
      const xs = SESSIONS.map((s) => scoreOf(written, i, s, instrumentId, scale)).filter(
        (x) => !Number.isNaN(x),
      );
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const bondSwls = correlate(
      included.map((i) => meanOf(i, 'wai-sr', 'bond')),
      included.map((i) => meanOf(i, 'swls', 'total')),
    );
    const row = across.h7.find((r) => r.alliance === 'bond' && r.outcome === 'swls')!;
    expect(row.n).toBe(8);
    expect(row.r).toBeCloseTo(bondSwls.r, 12);
    expect(row.p).toBeCloseTo(bondSwls.p, 12);

    // Session 3: three clients answered SWLS, a small cell: withheld, and out of BH.
    const session3 = await read({ session: 3 });
    const swls3 = session3.h7.filter((r) => r.outcome === 'swls');
    expect(swls3.map((r) => [r.n, r.r, r.ci, r.p, r.pAdjusted])).toEqual(
      Array(4).fill([null, null, null, null, null]),
    );
    const tested3 = session3.h7.filter((r) => r.outcome !== 'swls');
    const p3 = expected(included, 3).filter((_, i) => OUTCOMES[i % 3] !== 'swls');
    const adjusted3 = benjaminiHochberg(p3.map((c) => c.p));
    tested3.forEach((r, i) => expect(r.pAdjusted).toBeCloseTo(adjusted3[i]!, 12));
    // With k above the number of people, everything is withheld.
    const strict = await read({ session: 2 }, 9);
    expect(strict.h7.every((r) => r.n === null && r.r === null)).toBe(true);
    expect(strict.agreement.every((r) => r.n === null && r.points.length === 0)).toBe(true);
    expect(strict.reliability.every((r) => r.n === null && r.alpha === null)).toBe(true);
    expect(strict.mixed.every((m) => m.clients === null && m.fixed.length === 0)).toBe(true);

    // Client vs therapist at session 2, mean-item metric, per scale.
    for (const scale of ALLIANCE) {
      const client = included.map((i) => scoreOf(written, i, 2, 'wai-sr', scale, 1));
      const therapist = included.map((i) => scoreOf(written, i, 2, THERAPIST_FORM, scale, 1));
      const a = pairedAgreement(client, therapist);
      const icc = intraclassCorrelation([client, therapist]).icc.find((r) => r.type === 'ICC2')!;
      const got = session2.agreement.find((r) => r.scale === scale)!;
      expect(got.n).toBe(8);
      expect(got.meanDifference).toBeCloseTo(a.meanDifference, 12);
      expect(got.sd).toBeCloseTo(a.sd, 12);
      expect(got.limits![0]).toBeCloseTo(a.limits[0], 12);
      expect(got.limits![1]).toBeCloseTo(a.limits[1], 12);
      expect(got.icc).toBeCloseTo(icc.value, 12);
      expect(got.points).toHaveLength(8);
      expect(got.points.map((pt) => pt.difference).sort()).toEqual(
        client.map((x, i) => x - therapist[i]!).sort(),
      );
    }

    // Reliability: α of the WAI-SR total's 12 items at session 1, and every scale listed.
    const answersOf = (instrumentId: string, session: number) =>
      written.filter(
        (w) => consenting(w) && w.instrumentId === instrumentId && w.session === session,
      );
    const waiItems = findBundledInstrument('wai-sr')!.scales.find((s) => s.id === 'total')!.items;
    const alpha = cronbachAlpha(
      waiItems.map((item) => answersOf('wai-sr', 1).map((w) => w.answers[item]!)),
    );
    const waiTotal1 = session2.reliability.find(
      (r) => r.instrumentId === 'wai-sr' && r.scaleId === 'total' && r.sessionNumber === 1,
    )!;
    expect(waiTotal1.n).toBe(8);
    expect(waiTotal1.alpha).toBeCloseTo(alpha.alpha, 12);
    expect(waiTotal1.alphaCi![0]).toBeCloseTo(alpha.alphaCI[0], 12);
    expect(
      session2.reliability.find(
        (r) => r.instrumentId === 'swls' && r.sessionNumber === 3 && r.scaleId === 'total',
      )!.n,
    ).toBeNull();
    expect(new Set(session2.reliability.map((r) => `${r.instrumentId}/${r.scaleId}`))).toEqual(
      new Set([
        'wai-sr/total',
        'wai-sr/goal',
        'wai-sr/task',
        'wai-sr/bond',
        'who-5/total',
        'swls/total',
        'flourishing-scale/total',
        'therapist-session-rating/total',
      ]),
    );

    // Mixed model: WAI-SR total at t → WHO-5 at the next session, within/between.
    const rows = included.flatMap((i) =>
      [1, 2].map((s) => ({
        i,
        alliance: scoreOf(written, i, s, 'wai-sr', 'total'),
        outcome: scoreOf(written, i, s + 1, 'who-5', 'total'),
      })),
    );
    const personMean = (i: number) =>
      rows.filter((r) => r.i === i).reduce((sum, r) => sum + r.alliance, 0) / 2;
    const fit = fitRandomIntercept({
      outcome: rows.map((r) => r.outcome),
      predictors: [
        { term: 'within', values: rows.map((r) => r.alliance - personMean(r.i)) },
        { term: 'between', values: rows.map((r) => personMean(r.i)) },
      ],
      group: rows.map((r) => String(r.i)),
      reml: true,
    });
    const who5 = across.mixed.find((m) => m.outcome === 'who-5')!;
    expect([who5.n, who5.clients, who5.notEstimable]).toEqual([16, 8, null]);
    who5.fixed.forEach((f, j) => {
      expect(f.estimate).toBeCloseTo(fit.fixed[j]!.estimate, 8);
      expect(f.se).toBeCloseTo(fit.fixed[j]!.se, 8);
    });
    expect(who5.variance!.residual).toBeCloseTo(fit.variance.residual, 8);
    // SWLS at session 3 has three answers: 8 clients, 8 + 3 rows.
    expect(across.mixed.find((m) => m.outcome === 'swls')!.n).toBe(11);

    // Nothing that names a person, a case or a participant leaves.
    const text = JSON.stringify([session2, across, session3]);
    for (const id of ids) expect(text).not.toContain(id);
  });

  it('answers the study team over HTTP, CSV included, audits each read and export, and no one else', async () => {
    const { p, study } = await buildStudy(t.db);
    const path = `/api/research/studies/${study.id}/analyses`;
    const researcher = await t.signedIn(p.staff.researcher.email);
    const page = await researcher.call('GET', `${path}?view=2`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.view).toBe(2);
    expect(body.minCellSize).toBe(5);

    const csv = await researcher.call('GET', `${path}/h7/csv?view=2`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('study-analyses-h7-session-2.csv');
    const records = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(12);
    expect(records[0]).toMatchObject({ view: 'session-2', alliance: 'goal', outcome: 'who-5' });
    expect(Number(records[0]!.r)).toBeCloseTo(body.h7[0].r, 12);
    expect(Number(records[0]!.n)).toBe(8);
    const session3 = parse((await researcher.call('GET', `${path}/h7/csv?view=3`)).body, {
      columns: true,
    }) as Record<string, string>[];
    expect(session3.find((r) => r.outcome === 'swls')).toMatchObject({ n: '< 5', r: '', p: '' });
    for (const table of ['agreement', 'reliability', 'mixed'])
      expect((await researcher.call('GET', `${path}/${table}/csv`)).statusCode).toBe(200);

    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id', 'details'])
      .where('organization_id', '=', p.practice.organization.id)
      .where('action', 'in', ['study.analyses.read', 'study.analyses.export'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.details)])).toEqual([
      ['study.analyses.read', { participants: 9, view: 'session-2' }],
      ['study.analyses.export', { table: 'h7', participants: 9, view: 'session-2' }],
      ['study.analyses.export', { table: 'h7', participants: 9, view: 'session-3' }],
      ['study.analyses.export', { table: 'agreement', participants: 9, view: 'across' }],
      ['study.analyses.export', { table: 'reliability', participants: 9, view: 'across' }],
      ['study.analyses.export', { table: 'mixed', participants: 9, view: 'across' }],
    ]);
    expect(audit.every((a) => a.entity_id === study.id)).toBe(true);

    expect((await researcher.call('GET', `${path}?view=x`)).statusCode).toBe(400);
    expect((await researcher.call('GET', `${path}/everything/csv`)).statusCode).toBe(400);
    const outsider = await createStaffWithPassword(t.db, p.practice, 'researcher');
    expect((await (await t.signedIn(outsider.email)).call('GET', path)).statusCode).toBe(404);
    expect(
      (await (await t.signedIn(outsider.email)).call('GET', `${path}/h7/csv`)).statusCode,
    ).toBe(404);
    for (const email of [p.staff.admin.email, p.staff.therapist1.email, p.staff.supervisor.email])
      expect((await (await t.signedIn(email)).call('GET', path)).statusCode).toBe(403);
  });
});
