import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomAddress } from '../../../test/helpers/auth-client.ts';
import { caseWithOpenRequest, waiAnswers } from '../../../test/helpers/questionnaire-fixture.ts';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { type SeededRandom, createSeededRandom } from '../../core/random/seeded-random.ts';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { VISIT_COOKIE } from './questionnaire.routes.ts';

/** Values of every JSON type, including the awkward ones. */
function anyValue(random: SeededRandom, depth = 0): unknown {
  const kinds = depth > 2 ? 6 : 8;
  switch (random.int(0, kinds - 1)) {
    case 0:
      return random.pick([0, -1, 1.5, 6, 99, 1e308, -0, 3]);
    case 1:
      return random.pick(['', '3', 'often', 'x'.repeat(5000), '<script>', '\u0000', '💥']);
    case 2:
      return random.chance(0.5);
    case 3:
      return null;
    case 4:
      return random.pick([Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, -1e-9]);
    case 5:
      return random.pick(['1', '__proto__', 'constructor', 'toString']);
    case 6:
      return Array.from({ length: random.int(0, 3) }, () => anyValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(0, 4) }, () => [
          random.pick(['1', '12', '13', '0', '-1', '__proto__', 'constructor', 'a', '9999']),
          anyValue(random, depth + 1),
        ]),
      );
  }
}

/** A body that is wrong in one or several ways; some are valid JSON of the wrong shape. */
function hostileBody(random: SeededRandom, otherInstrument: string): string {
  const valid = { submissionId: randomUUID(), instrumentId: 'wai-sr', answers: waiAnswers(3) };
  const mutations: (() => unknown)[] = [
    () => ({ ...valid, submissionId: anyValue(random) }),
    () => ({ ...valid, instrumentId: anyValue(random) }),
    () => ({ ...valid, instrumentId: otherInstrument }),
    () => ({ ...valid, instrumentId: 'phq-9' }),
    () => ({ ...valid, answers: anyValue(random) }),
    () => ({
      ...valid,
      answers: {
        ...valid.answers,
        [String(random.int(1, 12))]: random.pick([
          0,
          6,
          2.5,
          -1,
          '3',
          'often',
          true,
          [],
          {},
          1e308,
        ]),
      },
    }),
    () => ({ ...valid, answers: { ...valid.answers, '13': 3 } }),
    () => ({ ...valid, answers: { ...valid.answers, '1': random.pick([0, 6, 2.5, -3]) } }),
    () => ({ ...valid, extra: anyValue(random) }),
    () => anyValue(random),
    () => ({
      ...valid,
      answers: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [String(i + 1), 3])),
    }),
  ];
  const body = random.pick(mutations)();
  const text = JSON.stringify(body) ?? 'null';
  // Raw strings JSON.stringify would never write: prototype keys, broken and huge JSON.
  return random.pick([
    text,
    text,
    text,
    text.replace('"answers":{', '"answers":{"__proto__":{"polluted":1},'),
    `{"__proto__":{"admin":true},"submissionId":"${randomUUID()}","instrumentId":"wai-sr","answers":{}}`,
    `{"constructor":{"prototype":{"polluted":1}}}`,
    text.slice(0, Math.max(1, text.length - 3)),
    `{"answers":"${'a'.repeat(300_000)}"}`,
  ]);
}

describe.each(testDialects)('hostile submissions to the questionnaire, on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const clock = () => new Date('2026-11-02T12:00:00Z');

  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
    app = await buildApp({ db: handle.db, dialect, clock });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  async function visitCookie(token: string): Promise<string> {
    const opened = await app.inject({
      method: 'GET',
      url: `/q/${token}`,
      remoteAddress: randomAddress(),
    });
    return opened.cookies.find((c) => c.name === VISIT_COOKIE)!.value;
  }

  it('answers 400 random and hostile bodies with a 4xx problem, stores nothing, and never fails', async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock, { members: 2 });
    const [mine, other] = fixture.requests;
    const cookie = await visitCookie(fixture.tokens[0]!);
    const random = createSeededRandom(`questionnaire-fuzz-${dialect}`);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const withCookie = random.chance(0.9);
      const response = await app.inject({
        method: 'POST',
        url: '/api/public/questionnaire/responses',
        headers: {
          'content-type': random.chance(0.95) ? 'application/json' : 'text/plain',
          ...(withCookie && {
            cookie: `${VISIT_COOKIE}=${random.chance(0.9) ? cookie : random.pick(['', 'x', `${cookie}x`, 'A'.repeat(43)])}`,
          }),
        },
        payload: hostileBody(random, 'who-5'),
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      expect(response.statusCode, response.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const stored = await handle.db
      .selectFrom('questionnaire_response')
      .select('id')
      .where('request_id', 'in', [mine!.id, other!.id])
      .execute();
    expect(stored).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    // Several kinds of refusal were exercised, not one path 400 times.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 404, 413]));

    // The visit still works for a good answer after all that.
    const good = await app.inject({
      method: 'POST',
      url: '/api/public/questionnaire/responses',
      headers: { cookie: `${VISIT_COOKIE}=${cookie}` },
      payload: { submissionId: randomUUID(), instrumentId: 'wai-sr', answers: waiAnswers(3) },
    });
    expect(good.statusCode).toBe(200);
  });

  it("refuses a duplicate submission id with other answers, and another request's form", async () => {
    const fixture = await caseWithOpenRequest(handle.db, clock, { members: 2 });
    const cookie = await visitCookie(fixture.tokens[0]!);
    const post = (payload: object) =>
      app.inject({
        method: 'POST',
        url: '/api/public/questionnaire/responses',
        headers: { cookie: `${VISIT_COOKIE}=${cookie}` },
        payload,
      });
    const submissionId = randomUUID();
    expect(
      (await post({ submissionId, instrumentId: 'wai-sr', answers: waiAnswers(4) })).statusCode,
    ).toBe(200);
    const random = createSeededRandom('duplicate-ids');
    for (let i = 0; i < 20; i++) {
      const answers = waiAnswers(4);
      answers[String(random.int(1, 12))] = random.pick([1, 2, 3, 5]);
      const response = await post({ submissionId, instrumentId: 'wai-sr', answers });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    // The visit is bound to its own request: the other member's forms are out of reach.
    const otherRequest = fixture.requests[1]!;
    const before = await handle.db
      .selectFrom('questionnaire_response')
      .select('id')
      .where('request_id', '=', otherRequest.id)
      .execute();
    expect(before).toEqual([]);
    const rows = await handle.db
      .selectFrom('questionnaire_response')
      .select(['request_id', 'answers'])
      .where(
        'request_id',
        'in',
        fixture.requests.map((r) => r.id),
      )
      .execute();
    expect(rows).toEqual([
      { request_id: fixture.request.id, answers: JSON.stringify(waiAnswers(4)) },
    ]);
  });
});
