import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects } from '../../../test/helpers/test-databases.ts';
import { consentShownText } from '../../core/research/consent-rules.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { consentInvitationToken, sha256Hex } from '../research/consent/consent-token.ts';
import { findOpenInvitation, findVersion } from '../research/consent/consent.repository.ts';
import { generateDemoPractice } from './generate-demo-practice.ts';
import { seedDemoPractice } from './seed-demo-practice.ts';
import { DEMO_STUDY_TITLE } from './demo-study-seed.repository.ts';
import type { DemoStaff } from './generate-demo-practice.ts';
import { readStudyDashboard } from '../research/dashboard/study-dashboard.service.ts';
import {
  bookTask,
  listEligibleInterpreters,
  listInterpreterRegistry,
  listTasks,
} from '../research/interviews/interview.service.ts';

const anchor = new Date('2026-11-23T00:00:00Z');
const SECRET = 'demo-test-secret-0123456789-abcdef-0123';

describe.each(testDialects)('the demo founding study on %s', (dialect) => {
  let handle: DatabaseHandle;
  // The first test seeds the practice; the second reads its interviews.
  let founding: { orgId: string; studyId: string; researcher: DemoStaff } | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase(dialect);
  });
  afterAll(() => handle.close());

  it('has 12 therapists and 12 clients consented with receipts, one Spanish, one withdrawn after session 3, study forms at sessions 3 and 5 only', async () => {
    // SQLite gets a database of its own: the real demo's seed. The shared PostgreSQL database
    // may hold another test's 'harmonybridge' ids, so it gets a seed whose 60 clients also
    // reach all 12 therapists (with 60 clients a therapist may have no case at all).
    const seed = dialect === 'sqlite' ? 'harmonybridge' : 'founding-study-2';
    const practice = generateDemoPractice({ clients: 60, seed, anchor });
    practice.organization.slug = `demo-${crypto.randomUUID().slice(0, 8)}`;
    // Staff e-mails are unique across organizations: another demo test in the same database
    // holds the demo's own.
    for (const person of practice.staff)
      person.email = person.email.replace('@', `+${practice.organization.slug}@`);
    const seeded = await seedDemoPractice(handle.db, () => anchor, practice, { secret: SECRET });
    const orgId = practice.organization.id;
    const db = handle.db;

    const study = await db
      .selectFrom('study')
      .selectAll()
      .where('organization_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(study).toMatchObject({ title: DEMO_STUDY_TITLE, status: 'recruiting' });
    const researcher = practice.staff.find((s) => s.roles.some((r) => r.role === 'researcher'))!;
    founding = { orgId, studyId: study.id, researcher };
    expect(
      await db
        .selectFrom('study_team_member')
        .selectAll()
        .where('study_id', '=', study.id)
        .execute(),
    ).toEqual([expect.objectContaining({ staff_user_id: researcher.id, is_senior: 1 })]);
    expect(
      (
        await db
          .selectFrom('study_clinic')
          .select('clinic_id')
          .where('study_id', '=', study.id)
          .execute()
      )
        .map((c) => c.clinic_id)
        .sort(),
    ).toEqual(practice.clinics.map((c) => c.id).sort());

    const participants = await db
      .selectFrom('study_participant')
      .selectAll()
      .where('study_id', '=', study.id)
      .execute();
    const decided = participants.filter((p) => p.status !== 'invited');
    expect(decided.filter((p) => p.role === 'therapist')).toHaveLength(12);
    expect(decided.filter((p) => p.role === 'client')).toHaveLength(12);
    expect(new Set(decided.filter((p) => p.role === 'client').map((p) => p.case_id)).size).toBe(12);
    // Both clinics: 7 therapists at Riverside, 5 at Lakeshore.
    const therapistsAt = (i: number) =>
      decided.filter((p) => p.role === 'therapist' && p.clinic_id === practice.clinics[i]!.id);
    expect(therapistsAt(0)).toHaveLength(7);
    expect(therapistsAt(1)).toHaveLength(5);
    const withdrawn = decided.filter((p) => p.status === 'withdrawn');
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]).toMatchObject({ role: 'client', withdrawal_data: 'kept' });
    expect(decided.filter((p) => p.status === 'consented')).toHaveLength(23);

    // Every one of the 24 has one consent record with its text hash and a PDF receipt.
    const records = await db
      .selectFrom('consent_record as r')
      .innerJoin('consent_version as v', 'v.id', 'r.consent_version_id')
      .select([
        'r.participant_id',
        'r.decision',
        'r.text_sha256',
        'r.receipt_pdf',
        'r.receipt_sha256',
        'r.consent_version_id',
        'v.language',
      ])
      .where('r.study_id', '=', study.id)
      .execute();
    expect(records).toHaveLength(24);
    expect(new Set(records.map((r) => r.participant_id))).toEqual(
      new Set(decided.map((p) => p.id)),
    );
    for (const record of records) {
      expect(record.decision).toBe('consented');
      const version = await findVersion(db, record.consent_version_id);
      expect(record.text_sha256).toBe(sha256Hex(consentShownText(version)));
      const pdf = Buffer.from(record.receipt_pdf!, 'base64');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(record.receipt_sha256).toBe(sha256Hex(pdf));
    }
    const spanish = records.filter((r) => r.language === 'es');
    expect(spanish).toHaveLength(1);
    const spanishClient = participants.find((p) => p.id === spanish[0]!.participant_id)!;
    expect(spanishClient.role).toBe('client');
    const spanishSpeaker = await db
      .selectFrom('client')
      .select('preferred_language')
      .where('id', '=', spanishClient.client_id!)
      .executeTakeFirstOrThrow();
    expect(spanishSpeaker.preferred_language).toBe('es');

    // Study forms on the links of sessions 3 and 5 only, for consented participants only.
    const items = await db
      .selectFrom('study_request_item as i')
      .innerJoin('questionnaire_request as r', 'r.id', 'i.request_id')
      .innerJoin('therapy_session as s', 's.id', 'r.session_id')
      .select([
        'i.participant_id',
        'i.instrument_id',
        'i.also_clinical',
        'r.instruments',
        'r.status',
        'r.id as request_id',
        's.number',
      ])
      .where('i.study_id', '=', study.id)
      .execute();
    expect(new Set(items.map((i) => i.number))).toEqual(new Set([3, 5]));
    const decidedIds = new Set(decided.map((p) => p.id));
    for (const item of items) {
      expect(decidedIds.has(item.participant_id)).toBe(true);
      expect(JSON.parse(item.instruments)).toContain(item.instrument_id);
    }
    const withdrawnItems = items.filter((i) => i.participant_id === withdrawn[0]!.id);
    expect(withdrawnItems.length).toBeGreaterThan(0);
    expect(withdrawnItems.every((i) => i.number === 3)).toBe(true);
    const of = (instrument: string, number: number) =>
      items.filter((i) => i.instrument_id === instrument && i.number === number);
    // Every client's link of session 3 and 5 (3 only for the one who withdrew) carries the
    // study's WHO-5, and session 3's the enrolment form: a session not attended has no link.
    const links = await db
      .selectFrom('questionnaire_request as r')
      .innerJoin('therapy_session as s', 's.id', 'r.session_id')
      .select(['r.id', 'r.client_id', 'r.respondent_kind', 'r.case_id', 's.number'])
      .where('r.organization_id', '=', orgId)
      .where('s.number', 'in', [3, 5])
      .execute();
    let expected = 0;
    for (const p of decided.filter((d) => d.role === 'client'))
      for (const link of links.filter((l) => l.client_id === p.client_id)) {
        const forms = items
          .filter((i) => i.request_id === link.id && i.participant_id === p.id)
          .map((i) => i.instrument_id);
        if (p.status === 'withdrawn' && link.number === 5) expect(forms).toEqual([]);
        else {
          expected++;
          expect(forms).toContain('who-5');
          if (link.number === 3) expect(forms).toContain('client-sociodemographic');
          else expect(forms).not.toContain('client-sociodemographic');
        }
      }
    expect(of('who-5', 3).length + of('who-5', 5).length).toBe(expected);
    // Eleven clients' sessions 3 and 5, less the few the history cancels (the newest
    // intake's session 3 is not marked yet, and it has no session 5).
    expect(expected).toBeGreaterThanOrEqual(18);
    expect(of('therapist-work-context', 5)).toHaveLength(0);
    expect(of('therapist-work-context', 3).length).toBeGreaterThanOrEqual(10);
    // The clinical plan's forms are recorded as also clinical, the study's own as not.
    expect(of('wai-sr', 3).every((i) => i.also_clinical === 1)).toBe(true);
    expect(of('who-5', 3).every((i) => i.also_clinical === 0)).toBe(true);
    // A completed link's study-only forms are answered.
    const answered = await db
      .selectFrom('questionnaire_response')
      .select(['request_id', 'instrument_id'])
      .where('organization_id', '=', orgId)
      .where('instrument_id', 'in', [
        'who-5',
        'swls',
        'flourishing-scale',
        'client-sociodemographic',
        'therapist-work-context',
      ])
      .execute();
    const answeredKeys = new Set(answered.map((a) => `${a.request_id} ${a.instrument_id}`));
    const studyOnlyCompleted = items.filter(
      (i) => i.also_clinical === 0 && i.status === 'completed',
    );
    expect(studyOnlyCompleted.length).toBeGreaterThan(0);
    for (const item of studyOnlyCompleted)
      expect(answeredKeys.has(`${item.request_id} ${item.instrument_id}`)).toBe(true);
    // The forms only the study asks are answered nowhere else in the practice.
    const neverClinical = ['who-5', 'client-sociodemographic', 'therapist-work-context'];
    expect(answered.filter((a) => neverClinical.includes(a.instrument_id)).length).toBe(
      items.filter(
        (i) =>
          i.also_clinical === 0 &&
          i.status === 'completed' &&
          neverClinical.includes(i.instrument_id),
      ).length,
    );

    // One more client is invited with an open link: the one the demo prints.
    const invited = participants.filter((p) => p.status === 'invited');
    expect(invited).toHaveLength(1);
    expect(seeded.openConsentInvitationId).not.toBeNull();
    const token = consentInvitationToken(SECRET, seeded.openConsentInvitationId!);
    expect(await findOpenInvitation(db, sha256Hex(token), anchor.toISOString())).toMatchObject({
      participantId: invited[0]!.id,
    });
    // A reused practice finds the same open link again.
    const again = await seedDemoPractice(handle.db, () => anchor, practice, { secret: SECRET });
    expect(again.openConsentInvitationId).toBe(seeded.openConsentInvitationId);
  }, 120_000);

  it("has the founding study's interviews after the sessions 3 and 5 that took place, one client's first partial; two briefed interpreters, one refused for the client whose therapy they interpreted", async () => {
    expect(founding, 'the first test seeds the demo').toBeDefined();
    const { orgId, studyId, researcher } = founding!;
    const deps = { db: handle.db, clock: () => anchor };
    const actor = {
      userId: researcher.id,
      organizationId: orgId,
      roles: researcher.roles,
      authSessionId: crypto.randomUUID(),
    };
    const origin = { ip: null, requestId: null };
    const dashboard = await readStudyDashboard(deps, actor, studyId, origin);
    // An interview per person after each of sessions 3 and 5 that took place (the generated
    // history cancels a few), none for the withdrawn client's session 5.
    const trigger = await handle.db
      .selectFrom('study_participant as p')
      .innerJoin('therapy_session as s', 's.case_id', 'p.case_id')
      .select(['p.id', 'p.status', 's.number'])
      .where('p.study_id', '=', studyId)
      .where('p.role', '=', 'client')
      .where('p.status', 'in', ['consented', 'withdrawn'])
      .where('s.number', 'in', [3, 5])
      .where('s.attendance', '=', 'attended')
      .execute();
    const therapistInterviews = trigger.length;
    const clientInterviews = trigger.filter(
      (x) => !(x.status === 'withdrawn' && Number(x.number) === 5),
    ).length;
    const dyads = new Set(trigger.map((x) => x.id)).size;
    // Twelve dyads less the newest intake (session 3 yet to be marked) and, at most, one
    // whose sessions 3 and 5 the history both cancels.
    expect(therapistInterviews).toBeGreaterThanOrEqual(18);
    expect(dyads).toBeGreaterThanOrEqual(10);
    expect(dashboard.interviews).toMatchObject({
      therapist: { interviews: therapistInterviews, participants: dyads },
      client: { interviews: clientInterviews, participants: dyads },
      dueSoon: 0,
      overdue: 0,
      missed: 0,
    });
    const partial = dashboard.interviews.sites.reduce((n, s) => n + (s.partial ?? 0), 0);
    expect(partial).toBe(1);

    const { tasks } = await listTasks(deps, actor, studyId, origin);
    expect(tasks).toHaveLength(therapistInterviews + clientInterviews);
    // Each held within 48 hours of its session's end, after the session, with the protocol.
    for (const task of tasks) {
      expect(Date.parse(task.dueAt) - Date.parse(task.sessionEndsAt)).toBe(48 * 3_600_000);
      expect(Date.parse(task.booking!.startsAt)).toBeGreaterThan(Date.parse(task.sessionEndsAt));
      expect(Date.parse(task.booking!.startsAt)).toBeLessThanOrEqual(Date.parse(task.dueAt));
      expect(task.protocolVersionId).not.toBeNull();
    }
    // The client who broke off the first interview came to the second.
    const broke = tasks.find((x) => x.status === 'partial')!;
    expect(broke).toMatchObject({ respondent: 'client', sessionNumber: 3 });
    expect(broke.covered).toBeTruthy();
    expect(
      tasks.filter((x) => x.participantId === broke.participantId).map((x) => x.status),
    ).toEqual(expect.arrayContaining(['partial', 'completed']));
    // One researcher holds every interview: no two of them overlap.
    const slots = tasks
      .map((x) => [Date.parse(x.booking!.startsAt), Date.parse(x.booking!.endsAt)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < slots.length; i++)
      expect(slots[i]![0]).toBeGreaterThanOrEqual(slots[i - 1]![1]);

    const { interpreters } = await listInterpreterRegistry(deps, actor, origin);
    const briefed = interpreters.filter((i) => i.briefedOn !== null);
    expect(briefed).toHaveLength(2);
    // The Spanish-speaking client's interviews are interpreted by the one who never
    // interpreted their therapy; the other is not offered and is refused.
    const spanishTask = tasks.find((x) => x.booking?.interpreterId)!;
    const interviewInterpreter = spanishTask.booking!.interpreterId!;
    const therapyInterpreter = briefed.find((i) => i.id !== interviewInterpreter)!;
    const eligible = await listEligibleInterpreters(deps, actor, studyId, spanishTask.id, origin);
    expect(eligible.interpreters.map((i) => i.id)).toEqual([interviewInterpreter]);
    // A fresh open task for that client (as after a later session) shows the refusal.
    await handle.db
      .updateTable('interview_task')
      .set({ status: 'open' })
      .where('id', '=', spanishTask.id)
      .execute();
    await expect(
      bookTask(
        deps,
        actor,
        studyId,
        spanishTask.id,
        {
          interviewerId: researcher.id,
          startsAt: spanishTask.booking!.startsAt,
          modality: 'in-person',
          language: 'es',
          interpreterId: therapyInterpreter.id,
        },
        origin,
      ),
    ).rejects.toThrow(
      new RegExp(
        `^${therapyInterpreter.displayName} interpreted this client's therapy on \\d+ \\w+; choose another interpreter\\.$`,
      ),
    );
  }, 60_000);
});
