import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import { createSeededRandom } from '../../core/random/seeded-random.ts';
import { consentShownText } from '../../core/research/consent-rules.ts';
import { scoreResponse } from '../../core/scoring/score-response.ts';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import type { QuestionnaireRequest } from '../measurement/questionnaire-request.repository.ts';
import { responseRows } from '../measurement/response-rows.ts';
import { consentInvitationToken, sha256Hex } from '../research/consent/consent-token.ts';
import { findStudyHeading, findVersion } from '../research/consent/consent.repository.ts';
import { storeDecision } from '../research/consent/consent.service.ts';
import {
  findParticipant,
  insertInvitation,
  insertParticipant,
  insertParticipantEvent,
} from '../research/enrolment/enrolment.repository.ts';
import { withdrawParticipant } from '../research/enrolment/withdrawal.service.ts';
import { type DemoInterviewDyad, seedDemoInterviews } from './demo-interview-seed.repository.ts';
import { demoId } from './demo-id.ts';
import { answerAt } from './generate-demo-measurements.ts';
import type { DemoPractice } from './generate-demo-practice.ts';

/**
 * The demo's founding study, "Alliance formation in the first five sessions", written after
 * the practice's cases: the 12 therapists of the first two clinics (7 + 5) and one client of
 * each (an individual case's client where the therapist has one, else an adult member of a
 * couple or family), all 24 consented through the consent service's own `storeDecision` (text
 * hash and PDF receipt each), one client on the Spanish version, one client withdrawn after
 * session 3 (policy keep). The study's forms are added to the session 3 and 5 links that the
 * history already holds, with `study_request_item` rows, and answered where the link was
 * answered. One more client is invited, not yet decided: `rapport demo` prints that link.
 */
export const DEMO_STUDY_TITLE = 'Alliance formation in the first five sessions';

export interface DemoStudyResult {
  studyId: string;
  /** The open consent invitation of the client not yet enrolled (its link is printed). */
  openInvitationId: string | null;
}

const DAY = 86_400_000;
// Far above any case's block (demo-id.ts), so the study's ids ascend after the practice's.
const STUDY_ID_BASE = 2 ** 46;

const MEASURES = [
  { instrumentId: 'wai-sr', respondent: 'client', timing: 'sessions' },
  { instrumentId: 'who-5', respondent: 'client', timing: 'sessions' },
  { instrumentId: 'swls', respondent: 'client', timing: 'sessions' },
  { instrumentId: 'flourishing-scale', respondent: 'client', timing: 'sessions' },
  { instrumentId: 'client-sociodemographic', respondent: 'client', timing: 'enrolment' },
  { instrumentId: 'therapist-session-rating', respondent: 'therapist', timing: 'sessions' },
  { instrumentId: 'therapist-work-context', respondent: 'therapist', timing: 'enrolment' },
] as const;
const STUDY_SESSIONS = [3, 5];

const CONSENT_TEXT = {
  en: {
    text: '## Alliance formation in the first five sessions\n\nWe study how the working relationship between you and your therapist forms in the first sessions. If you take part, your session 3 and 5 links add a few short forms about wellbeing and about you.\n\n- Taking part is **voluntary**; saying no changes nothing in your care.\n- You may withdraw at any time from your receipt page.\n- The study team sees a pseudonym, never your name.',
    statements: [
      'I have read the information above.',
      'I agree that my answers are used for this study under a pseudonym.',
      'I know I can withdraw at any time without any effect on my care.',
    ],
  },
  es: {
    text: '## Formación de la alianza en las primeras cinco sesiones\n\nEstudiamos cómo se forma la relación de trabajo entre usted y su terapeuta en las primeras sesiones. Si participa, los enlaces de las sesiones 3 y 5 añaden algunos formularios breves sobre su bienestar y sobre usted.\n\n- La participación es **voluntaria**; decir que no no cambia nada en su atención.\n- Puede retirarse en cualquier momento desde su página de comprobante.\n- El equipo del estudio ve un seudónimo, nunca su nombre.',
    statements: [
      'He leído la información anterior.',
      'Acepto que mis respuestas se usen en este estudio con un seudónimo.',
      'Sé que puedo retirarme en cualquier momento sin ningún efecto en mi atención.',
    ],
  },
} as const;

interface StudyPick {
  therapistId: string;
  clinicId: string;
  caseId: string;
  clientId: string;
  clientName: string;
  language: string;
  /** Session number → its id, start, end and attendance. */
  sessions: Map<number, { id: string; startsAt: string; endsAt: string; attendance: string }>;
}

export async function seedDemoStudy(
  trx: Executor,
  clock: Clock,
  practice: DemoPractice,
  options: { seed: string; secret?: string },
): Promise<DemoStudyResult | null> {
  const orgId = practice.organization.id;
  const random = createSeededRandom(`${options.seed}:study`);
  let ordinal = STUDY_ID_BASE;
  const nextId = () => demoId(random, ordinal++);
  const clinics = practice.clinics.slice(0, 2);
  const researcher = practice.staff.find((s) => s.roles.some((r) => r.role === 'researcher'));
  const therapists = practice.staff.flatMap((s) => {
    const role = s.roles.find(
      (r) => r.role === 'therapist' && clinics.some((c) => c.id === r.clinicId),
    );
    return role ? [{ id: s.id, clinicId: role.clinicId }] : [];
  });
  if (!researcher || therapists.length === 0) return null;

  const picks = await pickClients(trx, orgId, therapists);
  if (picks.length === 0) return null;
  // The newest intake's session 3 is yet to be marked: it has no interviews and no study
  // forms yet, and is neither the one who withdraws nor the Spanish client of the story.
  const settled = picks.filter((p) => p.sessions.get(3)?.attendance !== 'scheduled');
  // One Spanish-speaking client consents on the Spanish version; the rest in English.
  const spanish = settled.find((p) => p.language === 'es');
  const consentAt = (p: StudyPick) =>
    new Date(new Date(p.sessions.get(2)!.endsAt).getTime() + DAY).toISOString();
  const firstConsent = picks.map(consentAt).sort()[0]!;
  const opened = new Date(new Date(firstConsent).getTime() - 14 * DAY);
  const openedAt = opened.toISOString();
  const openedOn = openedAt.slice(0, 10);

  const studyId = nextId();
  await trx
    .insertInto('study')
    .values({
      id: studyId,
      organization_id: orgId,
      title: DEMO_STUDY_TITLE,
      protocol_summary:
        'A prospective cohort study of how the client–therapist alliance forms over the first five sessions, with wellbeing and life satisfaction at sessions 3 and 5.',
      principal_investigator: researcher.displayName,
      ethics_reference: 'HB-REC-2026-014',
      ethics_approved_on: new Date(opened.getTime() - 30 * DAY).toISOString().slice(0, 10),
      status: 'recruiting',
      withdrawal_policy: 'keep',
      therapist_alliance_instrument_id: 'therapist-session-rating',
      reconsent_below_version: null,
      created_by: researcher.id,
      created_at: openedAt,
      updated_at: openedAt,
    })
    .execute();
  for (const clinic of clinics)
    await trx
      .insertInto('study_clinic')
      .values({
        organization_id: orgId,
        study_id: studyId,
        clinic_id: clinic.id,
        target_enrolment: therapists.filter((t) => t.clinicId === clinic.id).length,
      })
      .execute();
  await trx
    .insertInto('study_team_member')
    .values({
      organization_id: orgId,
      study_id: studyId,
      staff_user_id: researcher.id,
      is_senior: 1,
    })
    .execute();
  const measureIds = new Map<string, string>();
  for (const [position, m] of MEASURES.entries()) {
    const id = nextId();
    measureIds.set(m.instrumentId, id);
    await trx
      .insertInto('study_measure')
      .values({
        id,
        organization_id: orgId,
        study_id: studyId,
        instrument_id: m.instrumentId,
        respondent: m.respondent,
        timing: m.timing,
        session_numbers: JSON.stringify(m.timing === 'sessions' ? STUDY_SESSIONS : []),
        options: null,
        position,
      })
      .execute();
  }
  const versionIds = new Map<string, string>();
  for (const language of ['en', 'es'] as const) {
    const id = nextId();
    versionIds.set(language, id);
    await trx
      .insertInto('consent_version')
      .values({
        id,
        organization_id: orgId,
        study_id: studyId,
        language,
        version: 1,
        information_text: CONSENT_TEXT[language].text,
        statements: JSON.stringify(CONSENT_TEXT[language].statements),
        effective_from: openedOn,
        created_by: researcher.id,
        created_at: openedAt,
        updated_at: openedAt,
      })
      .execute();
  }
  const study = (await findStudyHeading(trx, orgId, studyId))!;

  /** Enrols and consents one person, as the consent service stores a decision. */
  const consent = async (input: {
    role: 'client' | 'therapist';
    pick: StudyPick;
    pseudonym: string;
    typedName: string;
    language: 'en' | 'es';
    invitedAt: string;
    signedAt: string;
  }) => {
    const id = nextId();
    const { pick } = input;
    await insertParticipant(trx, {
      id,
      organizationId: orgId,
      studyId,
      clinicId: pick.clinicId,
      role: input.role,
      caseId: input.role === 'client' ? pick.caseId : null,
      clientId: input.role === 'client' ? pick.clientId : null,
      staffUserId: input.role === 'therapist' ? pick.therapistId : null,
      pseudonym: input.pseudonym,
      needsGuardian: false,
      key: input.role === 'client' ? `client:${pick.clientId}` : `therapist:${pick.therapistId}`,
      now: input.invitedAt,
    });
    await insertParticipantEvent(trx, {
      id: nextId(),
      organizationId: orgId,
      studyId,
      participantId: id,
      status: 'invited',
      actorKind: 'staff',
      actorId: pick.therapistId,
      at: input.invitedAt,
    });
    const participant = (await findParticipant(trx, orgId, id))!;
    const version = await findVersion(trx, versionIds.get(input.language)!);
    await storeDecision(trx, () => new Date(input.signedAt), {
      participant,
      study,
      version,
      kind: 'consent',
      invitationId: null,
      channel: input.role === 'client' ? 'link' : 'staff-app',
      decision: {
        decision: 'consented',
        typedName: input.typedName,
        tickedStatements: version.statements.map((_, i) => i),
        textSha256: sha256Hex(consentShownText(version)),
      },
      actor:
        input.role === 'client'
          ? { kind: 'participant', id: pick.clientId }
          : { kind: 'staff', id: pick.therapistId },
      withReceiptToken: false,
    });
    return participant;
  };

  const staffName = new Map(practice.staff.map((s) => [s.id, s.displayName]));
  const seenTherapists = new Set<string>();
  for (const [index, pick] of picks.entries()) {
    if (seenTherapists.has(pick.therapistId)) continue;
    seenTherapists.add(pick.therapistId);
    await consent({
      role: 'therapist',
      pick,
      pseudonym: `T${String(index + 1).padStart(2, '0')}`,
      typedName: staffName.get(pick.therapistId)!,
      language: 'en',
      invitedAt: openedAt,
      signedAt: new Date(opened.getTime() + (index + 1) * 3_600_000).toISOString(),
    });
  }
  const withdrawing = settled[settled.length > 1 ? 1 : 0];
  const dyads: DemoInterviewDyad[] = [];
  for (const [index, pick] of picks.entries()) {
    const signedAt = consentAt(pick);
    const participant = await consent({
      role: 'client',
      pick,
      pseudonym: `C${String(index + 1).padStart(2, '0')}`,
      typedName: pick.clientName,
      language: pick === spanish ? 'es' : 'en',
      invitedAt: new Date(new Date(signedAt).getTime() - DAY).toISOString(),
      signedAt,
    });
    const therapistParticipantId = (
      await trx
        .selectFrom('study_participant')
        .select('id')
        .where('study_id', '=', studyId)
        .where('staff_user_id', '=', pick.therapistId)
        .executeTakeFirstOrThrow()
    ).id;
    dyads.push({
      clientParticipantId: participant.id,
      therapistParticipantId,
      caseId: pick.caseId,
      clientLanguage: pick.language,
      sessions: pick.sessions,
      withdrawnAfter3: pick === withdrawing,
      spanish: pick === spanish,
    });
    await addStudyForms(trx, pick, {
      studyId,
      clientParticipantId: participant.id,
      therapistParticipantId,
      measureIds,
      sessions: pick === withdrawing ? [3] : STUDY_SESSIONS,
      seed: `${options.seed}:study:${pick.caseId}`,
      nextId,
    });
    if (pick === withdrawing) {
      const after3 = new Date(new Date(pick.sessions.get(3)!.endsAt).getTime() + 2 * DAY);
      await withdrawParticipant(
        trx,
        () => after3,
        { ...participant, status: 'consented' },
        { kind: 'participant', id: pick.clientId, ip: null, requestId: null },
      );
    }
  }

  await seedDemoInterviews(trx, {
    organizationId: orgId,
    studyId,
    researcherId: researcher.id,
    openedAt,
    dyads,
    nextId,
  });

  // A client of a study therapist's other case, invited and not yet decided: an open link.
  const invited = await trx
    .selectFrom('case_member as m')
    .innerJoin('case_therapist as t', 't.case_id', 'm.case_id')
    .innerJoin('care_case as c', 'c.id', 'm.case_id')
    .innerJoin('client as cl', 'cl.id', 'm.client_id')
    .select(['m.case_id', 'm.client_id', 'c.clinic_id', 't.staff_user_id', 'cl.preferred_language'])
    .where('m.organization_id', '=', orgId)
    .where('c.status', '=', 'active')
    .where('m.relationship', '!=', 'child')
    .where('t.staff_user_id', 'in', [...seenTherapists])
    .where(
      'm.client_id',
      'not in',
      picks.map((p) => p.clientId),
    )
    .orderBy('m.case_id')
    .orderBy('m.client_id')
    .executeTakeFirst();
  let openInvitationId: string | null = null;
  if (invited) {
    const now = clock();
    const participantId = nextId();
    await insertParticipant(trx, {
      id: participantId,
      organizationId: orgId,
      studyId,
      clinicId: invited.clinic_id,
      role: 'client',
      caseId: invited.case_id,
      clientId: invited.client_id,
      staffUserId: null,
      pseudonym: `C${String(picks.length + 1).padStart(2, '0')}`,
      needsGuardian: false,
      key: `client:${invited.client_id}`,
      now: now.toISOString(),
    });
    await insertParticipantEvent(trx, {
      id: nextId(),
      organizationId: orgId,
      studyId,
      participantId,
      status: 'invited',
      actorKind: 'staff',
      actorId: invited.staff_user_id,
      at: now.toISOString(),
    });
    openInvitationId = nextId();
    await insertInvitation(trx, {
      id: openInvitationId,
      organizationId: orgId,
      studyId,
      participantId,
      kind: 'consent',
      language: invited.preferred_language === 'es' ? 'es' : 'en',
      // Without the instance secret (a benchmark's seed) the link cannot be made: a hash no
      // token gives.
      tokenHash: sha256Hex(
        options.secret !== undefined
          ? consentInvitationToken(options.secret, openInvitationId)
          : `no-link:${openInvitationId}`,
      ),
      createdBy: invited.staff_user_id,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
    });
  }
  return { studyId, openInvitationId };
}

/** The open consent invitation of a reused demo practice's study, if any is still open. */
export async function findOpenDemoInvitation(
  db: Executor,
  organizationId: string,
  now: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('consent_invitation as i')
    .innerJoin('study as s', 's.id', 'i.study_id')
    .select('i.id')
    .where('i.organization_id', '=', organizationId)
    .where('s.title', '=', DEMO_STUDY_TITLE)
    .where('i.status', '=', 'open')
    .where('i.expires_at', '>', now)
    .orderBy('i.id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Per therapist, one client whose sessions 3 and 5 both have a client and a therapist link:
 * an individual case's client first, else an adult member of a couple or family. The
 * practice's newest intake (session 3 held yesterday, its attendance not yet recorded;
 * generate-demo-practice.ts) comes before any other case of its therapist, so the demo has
 * a study case whose session 3 can still be marked attended.
 */
async function pickClients(
  trx: Executor,
  orgId: string,
  therapists: readonly { id: string; clinicId: string }[],
): Promise<StudyPick[]> {
  const rows = await trx
    .selectFrom('case_therapist as t')
    .innerJoin('care_case as c', 'c.id', 't.case_id')
    .innerJoin('case_member as m', 'm.case_id', 'c.id')
    .innerJoin('client as cl', 'cl.id', 'm.client_id')
    .select([
      't.staff_user_id',
      'c.id as case_id',
      'c.type',
      'c.clinic_id',
      'm.client_id',
      'cl.given_name',
      'cl.family_name',
      'cl.preferred_language',
    ])
    .where('t.organization_id', '=', orgId)
    .where(
      't.staff_user_id',
      'in',
      therapists.map((t) => t.id),
    )
    .where('m.relationship', '!=', 'child')
    .orderBy('c.id')
    .orderBy('m.client_id')
    .execute();
  const requests = await trx
    .selectFrom('questionnaire_request as r')
    .innerJoin('therapy_session as s', 's.id', 'r.session_id')
    .select(['r.case_id', 'r.client_id', 'r.respondent_kind', 's.number'])
    .where('r.organization_id', '=', orgId)
    .where('s.number', 'in', STUDY_SESSIONS)
    .where('r.case_id', 'in', rows.length > 0 ? rows.map((r) => r.case_id) : [''])
    .execute();
  const has = new Set(
    requests.map((r) => `${r.case_id} ${r.client_id ?? 'therapist'} ${r.number}`),
  );
  const newest = new Set(
    (
      await trx
        .selectFrom('therapy_session')
        .select('case_id')
        .where('organization_id', '=', orgId)
        .where('number', '=', 3)
        .where('attendance', '=', 'scheduled')
        .where('case_id', 'in', rows.length > 0 ? rows.map((r) => r.case_id) : [''])
        .execute()
    ).map((r) => r.case_id),
  );
  // How many of the four links (client and therapist, sessions 3 and 5) the case has.
  const links = (r: (typeof rows)[number]) =>
    STUDY_SESSIONS.reduce(
      (n, s) =>
        n +
        Number(has.has(`${r.case_id} ${r.client_id} ${s}`)) +
        Number(has.has(`${r.case_id} therapist ${s}`)),
      0,
    );
  const picks: StudyPick[] = [];
  let spanishTaken = false;
  for (const therapist of therapists) {
    // Most links first, an individual case before a couple or family; stable by id.
    const ranked = rows
      .filter((r) => r.staff_user_id === therapist.id)
      .map((r) => ({ r, links: links(r), individual: r.type === 'individual' ? 1 : 0 }))
      .sort((a, b) => b.links - a.links || b.individual - a.individual)
      .map(({ r }) => r);
    // One Spanish speaker in the study (the first therapist who has one); others in English.
    const best = ranked[0];
    if (!best) continue;
    const top = ranked.filter((r) => links(r) === links(best));
    const row =
      ranked.find((r) => newest.has(r.case_id)) ||
      (!spanishTaken && top.find((r) => r.preferred_language === 'es')) ||
      top.find((r) => r.preferred_language !== 'es') ||
      best;
    if (!row) continue;
    if (row.preferred_language === 'es' && !newest.has(row.case_id)) spanishTaken = true;
    const sessions = await trx
      .selectFrom('therapy_session')
      .select(['id', 'number', 'starts_at', 'ends_at', 'attendance'])
      .where('case_id', '=', row.case_id)
      .where('number', '<=', 5)
      .execute();
    picks.push({
      therapistId: therapist.id,
      clinicId: row.clinic_id,
      caseId: row.case_id,
      clientId: row.client_id,
      clientName: `${row.given_name} ${row.family_name}`,
      language: row.preferred_language,
      sessions: new Map(
        sessions.map((s) => [
          s.number,
          { id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, attendance: s.attendance },
        ]),
      ),
    });
  }
  return picks;
}

/**
 * The study's forms on the client's and the therapist's links of the given sessions: each
 * instrument added to the link once (one the plan already asked is recorded as also
 * clinical), answered when the link was answered, with a `study_request_item` per form.
 */
async function addStudyForms(
  trx: Executor,
  pick: StudyPick,
  input: {
    studyId: string;
    clientParticipantId: string;
    therapistParticipantId: string;
    measureIds: Map<string, string>;
    sessions: readonly number[];
    seed: string;
    nextId: () => string;
  },
) {
  const random = createSeededRandom(input.seed);
  for (const number of input.sessions) {
    const session = pick.sessions.get(number);
    if (!session) continue;
    const requests = await trx
      .selectFrom('questionnaire_request')
      .selectAll()
      .where('session_id', '=', session.id)
      .where((eb) =>
        eb.or([eb('client_id', '=', pick.clientId), eb('respondent_kind', '=', 'therapist')]),
      )
      .execute();
    for (const row of requests) {
      const role = row.respondent_kind === 'therapist' ? 'therapist' : 'client';
      const wanted = MEASURES.filter(
        (m) => m.respondent === role && (m.timing === 'sessions' || number === 3),
      );
      const asked: string[] = JSON.parse(row.instruments);
      const request: QuestionnaireRequest = {
        id: row.id,
        organizationId: row.organization_id,
        caseId: row.case_id,
        sessionId: row.session_id,
        respondentKind: row.respondent_kind,
        clientId: row.client_id,
        staffUserId: row.staff_user_id,
        instruments: asked,
        language: row.language,
        status: row.status,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        completedAt: row.completed_at,
      };
      const added: string[] = [];
      for (const m of wanted) {
        const alsoClinical = asked.includes(m.instrumentId);
        await trx
          .insertInto('study_request_item')
          .values({
            organization_id: row.organization_id,
            study_id: input.studyId,
            participant_id:
              role === 'client' ? input.clientParticipantId : input.therapistParticipantId,
            request_id: row.id,
            instrument_id: m.instrumentId,
            measure_id: input.measureIds.get(m.instrumentId)!,
            also_clinical: alsoClinical ? 1 : 0,
          })
          .execute();
        if (alsoClinical) continue;
        added.push(m.instrumentId);
        if (row.status !== 'completed' || !row.completed_at) continue;
        const definition = findBundledInstrument(m.instrumentId)!;
        const level = 0.45 + random.next() * 0.3;
        const answers: Record<string, number> = {};
        for (const item of definition.items) {
          const value = answerAt(random, definition, item, level);
          if (value !== undefined) answers[item.id] = value;
        }
        const score = scoreResponse(definition, answers);
        if (!score.valid) continue;
        const made = responseRows({
          request,
          sessionNumber: number,
          definition,
          answers,
          score,
          submissionId: input.nextId(),
          at: row.completed_at,
          newId: input.nextId,
        });
        await trx.insertInto('questionnaire_response').values(made.response).execute();
        if (made.scores.length > 0) await trx.insertInto('score').values(made.scores).execute();
      }
      if (added.length > 0)
        await trx
          .updateTable('questionnaire_request')
          .set({ instruments: JSON.stringify([...asked, ...added]) })
          .where('id', '=', row.id)
          .execute();
    }
  }
}
