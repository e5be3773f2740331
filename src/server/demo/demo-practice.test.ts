import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { ALERTS_NOTIFY_URGENT_JOB } from '../alerts/alert-jobs.ts';
import { recomputeAlerts } from '../alerts/recompute-all-alerts.service.ts';
import { findStaffCredentialsByEmail } from '../auth/credential.repository.ts';
import { verifyPassword } from '../auth/password-hashing.ts';
import { countCases, listCasesForTherapist } from '../cases/case.repository.ts';
import { countClients } from '../clients/client.repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { listInterpreters } from '../interpreters/interpreter.repository.ts';
import { listClinics } from '../organizations/organization.repository.ts';
import { countSessions } from '../sessions/session.repository.ts';
import { listStaff } from '../staff/staff.repository.ts';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import { defaultMeasurementPlanEntries } from '../../core/measurement/default-measurement-plan.ts';
import { scoreResponse } from '../../core/scoring/score-response.ts';
import { hashQuestionnaireToken, questionnaireToken } from '../measurement/questionnaire-link.ts';
import { findRequestByTokenHash } from '../measurement/questionnaire-request.repository.ts';
import { listScoresForCase } from '../measurement/questionnaire-response.repository.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import { DEMO_BULK_TABLES } from './demo-seed.repository.ts';
import { demoManifest } from './generate-demo-measurements.ts';
import { generateDemoPractice } from './generate-demo-practice.ts';
import { demoPracticeRows, seedDemoPractice } from './seed-demo-practice.ts';

const anchor = new Date('2026-11-23T00:00:00Z');
const SECRET = 'demo-test-secret-0123456789-abcdef-0123';
const WEEK = 7 * 86_400_000;

describe('the demo practice generator', () => {
  const practice = generateDemoPractice({ clients: 60, seed: 'harmonybridge', anchor });
  const cases = [...practice.cases()];

  it('is the HarmonyBridge practice: two clinics, 7 + 5 therapists, an admin, a supervisor and a researcher', () => {
    expect(practice.organization.name).toBe('HarmonyBridge Family Therapy');
    expect(practice.clinics.map((c) => c.name)).toEqual(['Riverside', 'Lakeshore']);
    const therapistsAt = (clinicId: string) =>
      practice.staff.filter((s) =>
        s.roles.some((r) => r.role === 'therapist' && r.clinicId === clinicId),
      ).length;
    expect(therapistsAt(practice.clinics[0]!.id)).toBe(7);
    expect(therapistsAt(practice.clinics[1]!.id)).toBe(5);
    for (const role of ['admin', 'supervisor', 'researcher'] as const) {
      expect(practice.staff.filter((s) => s.roles.some((r) => r.role === role)).length).toBe(1);
    }
    expect(
      practice.staff.find((s) => s.email === 'supervisor@harmonybridge.example')?.supervises,
    ).toHaveLength(12);
  });

  it('has 60 clients in individual, couple and family cases with 10–30 weeks of history', () => {
    expect(cases.reduce((n, c) => n + c.clients.length, 0)).toBe(60);
    expect(new Set(cases.map((c) => c.careCase.type))).toEqual(
      new Set(['individual', 'couple', 'family']),
    );
    const concerns = new Set(cases.flatMap((c) => c.careCase.presentingConcerns));
    for (const concern of [
      'anxiety',
      'ocd',
      'marriage-counselling',
      'life-coaching',
      'family-work',
    ]) {
      expect(concerns, concern).toContain(concern);
    }
    // The last case is the practice's newest intake (its therapist has another case):
    // sessions 1 and 2 attended two weeks and a week ago, session 3 yesterday, its attendance
    // not yet recorded, all interpreted.
    const newest = cases.at(-1)!;
    expect(newest.careCase.status).toBe('active');
    expect(newest.sessions.map((s) => s.attendance)).toEqual(['attended', 'attended', 'scheduled']);
    const starts = newest.sessions.map((s) => Date.parse(s.startsAt));
    expect(anchor.getTime() - starts[2]!).toBeGreaterThan(0);
    expect(anchor.getTime() - starts[2]!).toBeLessThan(2 * 86_400_000);
    expect(Math.abs(starts[2]! - starts[1]! - WEEK)).toBeLessThanOrEqual(3_600_000);
    expect(Math.abs(starts[1]! - starts[0]! - WEEK)).toBeLessThanOrEqual(3_600_000);
    expect(new Set(newest.sessions.map((s) => s.interpreterId))).not.toContain(null);
    expect(newest.clients.every((c) => c.preferredLanguage === 'es')).toBe(true);
    for (const c of cases.slice(0, -1)) {
      const past = c.sessions.filter((s) => s.attendance !== 'scheduled');
      const weeks = (Date.parse(past.at(-1)!.startsAt) - Date.parse(past[0]!.startsAt)) / WEEK;
      expect(weeks).toBeGreaterThanOrEqual(9);
      expect(weeks).toBeLessThanOrEqual(30.1);
      expect(c.sessions.map((s) => s.number)).toEqual(c.sessions.map((_, i) => i + 1));
      for (const s of past) expect(Date.parse(s.startsAt)).toBeLessThan(anchor.getTime());
    }
    const attendance = new Set(cases.flatMap((c) => c.sessions.map((s) => s.attendance)));
    expect(attendance).toEqual(new Set(['attended', 'cancelled', 'no-show', 'scheduled']));
    expect(cases.some((c) => c.sessions.some((s) => s.interpreterId !== null))).toBe(true);
  });

  it('holds sessions in clinic hours, whatever the time of year', () => {
    const hours = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    for (const c of cases.filter((x) => x.careCase.clinicId === practice.clinics[0]!.id)) {
      for (const s of c.sessions) {
        const hour = Number(hours.format(new Date(s.startsAt)));
        expect(hour).toBeGreaterThanOrEqual(9);
        expect(hour).toBeLessThanOrEqual(17);
      }
    }
  });

  it('gives the same practice for the same seed, and another for another seed', () => {
    const again = generateDemoPractice({ clients: 60, seed: 'harmonybridge', anchor });
    expect(JSON.stringify([...again.cases()])).toBe(JSON.stringify(cases));
    expect(again.staff).toEqual(practice.staff);
    const other = generateDemoPractice({ clients: 60, seed: 'another', anchor });
    expect(JSON.stringify([...other.cases()])).not.toBe(JSON.stringify(cases));
  });

  it('writes the same rows, ids included, for the same seed, in ascending id order', () => {
    const rows = () =>
      [
        ...demoPracticeRows(
          generateDemoPractice({ clients: 60, seed: 'harmonybridge', anchor }),
          defaultMeasurementPlanEntries(),
          { seed: 'harmonybridge', anchor, secret: SECRET },
        ),
      ].map((batch) => batch.rows);
    const [first] = rows();
    expect(JSON.stringify(rows())).toBe(JSON.stringify([first]));
    // Ordered ids are what keep a 20,000-client seed fast (demo-id.ts).
    for (const table of [
      'therapy_session',
      'questionnaire_request',
      'questionnaire_response',
      'score',
    ] as const) {
      const ids = first![table].map((r) => r.id);
      expect(ids.length, table).toBeGreaterThan(0);
      expect(ids, table).toEqual([...ids].sort());
    }
  });

  it('scales by adding clinic pairs, keeping caseloads realistic', () => {
    const big = generateDemoPractice({ clients: 3000, seed: 'harmonybridge', anchor });
    expect(big.clinics).toHaveLength(10);
    const perTherapist = new Map<string, number>();
    let clients = 0;
    for (const c of big.cases()) {
      perTherapist.set(c.therapistId, (perTherapist.get(c.therapistId) ?? 0) + 1);
      clients += c.clients.length;
    }
    expect(clients).toBe(3000);
    expect(Math.max(...perTherapist.values())).toBeLessThan(80);
  });
});

describe.each(testDialects)('seeding the demo practice on %s', (dialect) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('writes the whole practice once and reuses it the second time', async () => {
    // A seed of its own per dialect run: the shared PostgreSQL database sees each slug once.
    const practice = generateDemoPractice({ clients: 60, seed: `seed-test-${dialect}`, anchor });
    practice.organization.slug = `demo-${crypto.randomUUID().slice(0, 8)}`;
    const first = await seedDemoPractice(handle.db, () => anchor, practice, { secret: SECRET });
    expect(first).toMatchObject({ reused: false, clients: 60 });
    const orgId = practice.organization.id;
    expect(await countClients(handle.db, orgId)).toBe(60);
    expect(await countCases(handle.db, orgId)).toBe(first.cases);
    expect(await countSessions(handle.db, orgId)).toBe(first.sessions);
    expect(await listClinics(handle.db, orgId)).toHaveLength(2);
    expect((await listStaff(handle.db, orgId)).length).toBe(2 + 12 + 1 + 2);
    // The practice's two, and one the founding study registered for its interviews.
    expect(await listInterpreters(handle.db, orgId)).toHaveLength(3);
    const therapist = (await listStaff(handle.db, orgId)).find(
      (s) => s.email === 'therapist1@harmonybridge.example',
    )!;
    const [firstCase] = [...practice.cases()].filter(
      (c) => c.therapistId === therapist.id && c.careCase.status === 'active',
    );
    expect(firstCase).toBeDefined();
    expect(
      (await listCasesForTherapist(handle.db, orgId, therapist.id)).map((c) => c.id),
    ).toContain(firstCase!.careCase.id);

    // Every demo account signs in with the one printed password (hashed once, shared).
    const credentials = await findStaffCredentialsByEmail(
      handle.db,
      'therapist1@harmonybridge.example',
    );
    expect(await verifyPassword(credentials!.passwordHash!, DEMO_PASSWORD)).toBe(true);

    // The answers the default plan asked for, scored, with a few links still open.
    expect(first.requests).toBeGreaterThan(first.sessions / 2);
    expect(first.responses).toBeGreaterThan(first.requests);
    const statuses = await handle.db
      .selectFrom('questionnaire_request')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('organization_id', '=', orgId)
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]));
    expect(byStatus.completed).toBeGreaterThan(byStatus.expired ?? 0);
    expect(byStatus.expired).toBeGreaterThan(0);
    expect(byStatus.open).toBeGreaterThan(0);
    expect(first.openRequests.length).toBeGreaterThan(0);
    // A client's answered link was opened 4–14 s an item before it was sent (at least 5 items,
    // at most 46: about 20 s to 11 minutes); no other link was opened.
    const opened = await handle.db
      .selectFrom('questionnaire_request')
      .select(['status', 'respondent_kind', 'created_at', 'first_opened_at', 'completed_at'])
      .where('organization_id', '=', orgId)
      .execute();
    for (const r of opened) {
      if (r.status !== 'completed' || r.respondent_kind !== 'client') {
        expect(r.first_opened_at).toBeNull();
        continue;
      }
      const seconds = (Date.parse(r.completed_at!) - Date.parse(r.first_opened_at!)) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(20);
      expect(seconds).toBeLessThanOrEqual(11 * 60);
      expect(r.first_opened_at! >= r.created_at).toBe(true);
    }
    const link = questionnaireToken(SECRET, first.openRequests[0]!.requestId);
    expect((await findRequestByTokenHash(handle.db, hashQuestionnaireToken(link)))?.status).toBe(
      'open',
    );
    // Every stored score is what the real scoring gives for the stored answers.
    const responses = await handle.db
      .selectFrom('questionnaire_response')
      .select(['id', 'instrument_id', 'answers'])
      .where('organization_id', '=', orgId)
      .limit(200)
      .execute();
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      const expected = scoreResponse(
        findBundledInstrument(response.instrument_id)!,
        JSON.parse(response.answers) as Record<string, unknown>,
      );
      const total = await handle.db
        .selectFrom('score')
        .select('value')
        .where('response_id', '=', response.id)
        .where('scale_id', '=', 'total')
        .executeTakeFirstOrThrow();
      expect(Number(total.value)).toBe(expected.scales.find((s) => s.scale === 'total')!.score);
    }
    // The manifest says where the ruptures are; the stored WAI-SR totals show them.
    const manifest = demoManifest(practice.cases(), defaultMeasurementPlanEntries(), {
      seed: practice.organization.slug,
      anchor,
    });
    expect(manifest.ruptures.length).toBeGreaterThan(0);
    expect(manifest.riskAnswers.length).toBeLessThanOrEqual(2);
    // A client may leave the form of the rupture session unanswered (the demo skips some
    // forms), so the check takes the first five ruptures whose session and history were scored.
    const observed: {
      rupture: (typeof manifest.ruptures)[number];
      at: number;
      baseline: number;
    }[] = [];
    for (const rupture of manifest.ruptures) {
      if (observed.length === 5) break;
      const series = (await listScoresForCase(handle.db, orgId, rupture.caseId)).filter(
        (s) =>
          s.instrumentId === 'wai-sr' && s.scaleId === 'total' && s.clientId === rupture.clientId,
      );
      const at = series.find((s) => s.sessionNumber === rupture.sessionNumber);
      const before = series.filter((s) => s.sessionNumber < rupture.sessionNumber).slice(-3);
      if (at === undefined || before.length === 0) continue;
      const baseline = before.reduce((n, s) => n + s.value!, 0) / before.length;
      observed.push({ rupture, at: at.value!, baseline });
    }
    expect(observed).toHaveLength(5);
    for (const { rupture, at, baseline } of observed)
      expect(at, `${rupture.caseId} session ${rupture.sessionNumber}`).toBeLessThan(baseline);
    // The client who scored the first of them reported tension in that session's feedback.
    const firstRupture = observed[0]!.rupture;
    const feedback = (await listScoresForCase(handle.db, orgId, firstRupture.caseId)).find(
      (s) =>
        s.instrumentId === 'session-feedback' &&
        s.scaleId === 'total' &&
        s.clientId === firstRupture.clientId &&
        s.sessionNumber === firstRupture.sessionNumber,
    );
    expect(feedback).toBeDefined();
    expect(feedback!.value).toBeGreaterThanOrEqual(2);

    const second = await seedDemoPractice(handle.db, () => anchor, practice);
    expect(second.reused).toBe(true);
    expect(await countClients(handle.db, orgId)).toBe(60);
  });

  it('stores the alerts that recomputing every case from the database stores', async () => {
    const practice = generateDemoPractice({ clients: 200, seed: `alerts-${dialect}`, anchor });
    const tag = crypto.randomUUID().slice(0, 8);
    practice.organization.slug = `demo-${tag}`;
    // Staff e-mail addresses are unique across organizations: this is a second practice.
    for (const person of practice.staff) person.email = person.email.replace('@', `+${tag}@`);
    const orgId = practice.organization.id;
    const clock = () => anchor;
    const seeded = await seedDemoPractice(handle.db, clock, practice, { secret: SECRET });
    const alertRows = () =>
      handle.db
        .selectFrom('alert')
        .selectAll()
        .where('organization_id', '=', orgId)
        .orderBy('finding_key')
        .execute()
        .then((rows) => rows.map(({ id: _id, ...row }) => row));
    const urgentMails = () =>
      handle.db
        .selectFrom('job')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', orgId)
        .where('type', '=', ALERTS_NOTIFY_URGENT_JOB)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const fromSeed = await alertRows();
    expect(fromSeed.length).toBe(seeded.alerts);
    expect(new Set(fromSeed.map((a) => a.type)).size).toBeGreaterThan(3);
    expect(fromSeed.some((a) => a.status === 'resolved')).toBe(true);
    const mailsFromSeed = await urgentMails();
    expect(mailsFromSeed).toBeGreaterThan(0); // the injected PHQ-9 risk answers

    // A closed case's alerts stay as they were: recomputing looks at the open cases only.
    const openCaseIds = (
      await handle.db
        .selectFrom('care_case')
        .select('id')
        .where('organization_id', '=', orgId)
        .where('status', '!=', 'closed')
        .execute()
    ).map((r) => r.id);
    expect(openCaseIds.length).toBeLessThan(seeded.cases);
    const openAlertIds = (
      await handle.db
        .selectFrom('alert')
        .select('id')
        .where('organization_id', '=', orgId)
        .where('case_id', 'in', openCaseIds)
        .execute()
    ).map((r) => r.id);

    // Recomputing on top finds nothing to change: the same keys with the same revisions.
    const again = await recomputeAlerts(handle.db, clock, { organizationId: orgId });
    expect(again).toMatchObject({ cases: openCaseIds.length, inserted: 0, updated: 0 });
    expect(again).toMatchObject({ autoResolved: 0, reopened: 0, urgentMailsQueued: 0 });

    // Recomputing the open cases from nothing stores the same rows, column for column (ids
    // aside), and queues the same urgent mails for them.
    const openCaseMails = (
      await handle.db
        .selectFrom('job')
        .select('payload')
        .where('organization_id', '=', orgId)
        .where('type', '=', ALERTS_NOTIFY_URGENT_JOB)
        .execute()
    ).filter((j) => openAlertIds.includes((JSON.parse(j.payload) as { alertId: string }).alertId));
    await handle.db.deleteFrom('alert').where('id', 'in', openAlertIds).execute();
    await handle.db.deleteFrom('job').where('organization_id', '=', orgId).execute();
    const recomputed = await recomputeAlerts(handle.db, clock, { organizationId: orgId });
    expect(recomputed.inserted).toBe(openAlertIds.length);
    expect(await alertRows()).toEqual(fromSeed);
    expect(await urgentMails()).toBe(openCaseMails.length);
    expect(mailsFromSeed).toBeGreaterThanOrEqual(openCaseMails.length);
  });
});

describe('seeding a big practice on two cores', () => {
  it('writes the same rows with a worker thread as without one', async () => {
    const dump = async (handle: DatabaseHandle) => {
      const tables: Record<string, string[]> = {};
      for (const table of [...DEMO_BULK_TABLES, 'job'] as const) {
        const rows = await handle.db.selectFrom(table).selectAll().execute();
        // Job ids are random UUIDs (what they point to is compared); the rest is seeded.
        tables[table] = rows
          .map((row) => JSON.stringify(table === 'job' ? { ...row, id: null } : row))
          .sort();
      }
      return tables;
    };
    const seed = async (worker?: { share: number; scratchFile: string }) => {
      const handle = await openTestDatabase('sqlite');
      const practice = generateDemoPractice({ clients: 150, seed: 'two-cores', anchor });
      const result = await seedDemoPractice(handle.db, () => anchor, practice, {
        secret: SECRET,
        ...(worker && { worker }),
      });
      const rows = await dump(handle);
      await handle.close();
      return { result, rows };
    };
    const scratchDir = mkdtempSync(join(tmpdir(), 'rapport-demo-'));
    const scratchFile = join(scratchDir, 'scratch.db');
    const alone = await seed();
    const together = await seed({ share: 0.5, scratchFile });
    expect(together.result).toEqual(alone.result);
    expect(alone.rows.score!.length).toBeGreaterThan(10_000);
    for (const [table, rows] of Object.entries(alone.rows))
      expect(together.rows[table], table).toEqual(rows);
    expect(existsSync(scratchFile) || existsSync(`${scratchFile}-journal`)).toBe(false);
    // A scratch file that cannot be made fails the seed before anything is written.
    await expect(
      seed({ share: 0.5, scratchFile: join(scratchFile, 'no', 'such.db') }),
    ).rejects.toThrow();
    rmSync(scratchDir, { recursive: true, force: true });
  });
});
