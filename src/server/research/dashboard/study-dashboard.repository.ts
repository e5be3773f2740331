import { sql } from 'kysely';
import type { DayDecisions } from '../../../core/research/study-dashboard.ts';
import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import type { ParticipantStatus } from '../../db/database-schema.ts';
import type { InterviewStatus } from '../../../core/research/interview-vocabulary.ts';
import { consentingParticipant } from '../studies/consenting-participant.repository.ts';

// The dashboard's aggregates (issue 16, item 7). Every query is scoped to the actor's
// organization and to a study whose team they are on (`studyOfTeam`, in the SQL), and
// selects counts, pseudonyms and clinic names only: no name, case or client id leaves here.
// PostgreSQL's count() is a bigint, returned as a string, hence the Number() calls.

type Role = 'client' | 'therapist';

export interface ClinicTargetRecord {
  clinicId: string;
  clinicName: string;
  targetEnrolment: number;
}

export async function listClinicTargets(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<ClinicTargetRecord[]> {
  const rows = await db
    .selectFrom('study_clinic as sc')
    .innerJoin('clinic', 'clinic.id', 'sc.clinic_id')
    .select(['sc.clinic_id', 'clinic.name', 'sc.target_enrolment'])
    .where('sc.organization_id', '=', actor.organizationId)
    .where('clinic.organization_id', '=', actor.organizationId)
    .where('sc.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('sc.study_id')))
    .orderBy('clinic.name')
    .orderBy('sc.clinic_id')
    .execute();
  return rows.map((r) => ({
    clinicId: r.clinic_id,
    clinicName: r.name,
    targetEnrolment: r.target_enrolment,
  }));
}

export interface StatusCountRecord {
  clinicId: string;
  clinicName: string;
  role: Role;
  status: ParticipantStatus;
  n: number;
}

/** Participants per clinic, role and current status. */
export async function countParticipantsByStatus(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<StatusCountRecord[]> {
  const rows = await db
    .selectFrom('study_participant as p')
    .innerJoin('clinic', 'clinic.id', 'p.clinic_id')
    .select(['p.clinic_id', 'clinic.name', 'p.role', 'p.status'])
    .select((eb) => eb.fn.countAll().as('n'))
    .where('p.organization_id', '=', actor.organizationId)
    .where('clinic.organization_id', '=', actor.organizationId)
    .where('p.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('p.study_id')))
    .groupBy(['p.clinic_id', 'clinic.name', 'p.role', 'p.status'])
    .execute();
  return rows.map((r) => ({
    clinicId: r.clinic_id,
    clinicName: r.name,
    role: r.role,
    status: r.status,
    n: Number(r.n),
  }));
}

/** Per clinic, the cases with a client participant who is consented or completed. */
export async function countEnrolledCases(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('study_participant as p')
    .select('p.clinic_id')
    .select((eb) => eb.fn.count('p.case_id').distinct().as('n'))
    .where('p.organization_id', '=', actor.organizationId)
    .where('p.study_id', '=', studyId)
    .where('p.role', '=', 'client')
    .where((eb) => consentingParticipant(eb.ref('p.status')))
    .where((eb) => studyOfTeam(actor, eb.ref('p.study_id')))
    .groupBy('p.clinic_id')
    .execute();
  return new Map(rows.map((r) => [r.clinic_id, Number(r.n)]));
}

export interface VersionDecisionRecord {
  versionId: string;
  language: string;
  version: number;
  effectiveFrom: string;
  kind: 'consent' | 'guardian-consent' | 'assent' | null;
  decision: 'consented' | 'declined' | null;
  n: number;
}

/** Every consent version of the study with its records counted by kind and decision. */
export async function countDecisionsByVersion(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<VersionDecisionRecord[]> {
  const rows = await db
    .selectFrom('consent_version as v')
    .leftJoin('consent_record as r', (join) =>
      join
        .onRef('r.consent_version_id', '=', 'v.id')
        .on('r.organization_id', '=', actor.organizationId),
    )
    .select(['v.id', 'v.language', 'v.version', 'v.effective_from', 'r.kind', 'r.decision'])
    .select((eb) => eb.fn.count('r.id').as('n'))
    .where('v.organization_id', '=', actor.organizationId)
    .where('v.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('v.study_id')))
    .groupBy(['v.id', 'v.language', 'v.version', 'v.effective_from', 'r.kind', 'r.decision'])
    .orderBy('v.language')
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    versionId: r.id,
    language: r.language,
    version: r.version,
    effectiveFrom: r.effective_from,
    kind: r.kind,
    decision: r.decision,
    n: Number(r.n),
  }));
}

export interface ReconsentRecord {
  pseudonym: string;
  role: Role;
  clinicName: string;
  language: string;
  version: number;
}

/**
 * Consented participants whose latest consent (their own or a guardian's, by signing time
 * as in the participant list) is on a version below `belowVersion` of its language.
 */
export async function listNeedingReconsent(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  belowVersion: number,
): Promise<ReconsentRecord[]> {
  const rows = await db
    .selectFrom('study_participant as p')
    .innerJoin('clinic', 'clinic.id', 'p.clinic_id')
    .innerJoin('consent_record as r', 'r.participant_id', 'p.id')
    .innerJoin('consent_version as v', 'v.id', 'r.consent_version_id')
    .select(['p.pseudonym', 'p.role', 'clinic.name', 'v.language', 'v.version'])
    .where('p.organization_id', '=', actor.organizationId)
    .where('clinic.organization_id', '=', actor.organizationId)
    .where('r.organization_id', '=', actor.organizationId)
    .where('v.organization_id', '=', actor.organizationId)
    .where('p.study_id', '=', studyId)
    .where('p.status', '=', 'consented')
    .where('r.kind', 'in', ['consent', 'guardian-consent'])
    .where('r.decision', '=', 'consented')
    .where('v.version', '<', belowVersion)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('consent_record as later')
            .select('later.id')
            .whereRef('later.participant_id', '=', 'p.id')
            .where('later.kind', 'in', ['consent', 'guardian-consent'])
            .where((l) =>
              l.or([
                l('later.signed_at', '>', l.ref('r.signed_at')),
                l.and([
                  l('later.signed_at', '=', l.ref('r.signed_at')),
                  l('later.id', '>', l.ref('r.id')),
                ]),
              ]),
            ),
        ),
      ),
    )
    .where((eb) => studyOfTeam(actor, eb.ref('p.study_id')))
    .orderBy('p.pseudonym')
    .execute();
  return rows.map((r) => ({
    pseudonym: r.pseudonym,
    role: r.role,
    clinicName: r.name,
    language: r.language,
    version: r.version,
  }));
}

export interface FormCountRecord {
  role: Role;
  timing: 'enrolment' | 'sessions';
  sessionNumber: number;
  instrumentId: string;
  asked: number;
  answered: number;
}

/**
 * The study's forms (its `study_request_item` rows) per respondent role, measure timing,
 * session and instrument: how many were asked and how many have an answer.
 */
export async function countFormsBySession(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<FormCountRecord[]> {
  const rows = await db
    .selectFrom('study_request_item as i')
    .innerJoin('study_participant as p', 'p.id', 'i.participant_id')
    .innerJoin('study_measure as m', 'm.id', 'i.measure_id')
    .innerJoin('questionnaire_request as q', 'q.id', 'i.request_id')
    .innerJoin('therapy_session as s', 's.id', 'q.session_id')
    .leftJoin('questionnaire_response as a', (join) =>
      join
        .onRef('a.request_id', '=', 'i.request_id')
        .onRef('a.instrument_id', '=', 'i.instrument_id')
        .on('a.organization_id', '=', actor.organizationId),
    )
    .select(['p.role', 'm.timing', 's.number', 'i.instrument_id'])
    .select((eb) => [eb.fn.countAll().as('asked'), eb.fn.count('a.id').as('answered')])
    .where('i.organization_id', '=', actor.organizationId)
    .where('p.organization_id', '=', actor.organizationId)
    .where('q.organization_id', '=', actor.organizationId)
    .where('s.organization_id', '=', actor.organizationId)
    .where('i.study_id', '=', studyId)
    .where((eb) => studyOfTeam(actor, eb.ref('i.study_id')))
    .groupBy(['p.role', 'm.timing', 's.number', 'i.instrument_id'])
    .execute();
  return rows.map((r) => ({
    role: r.role,
    timing: r.timing,
    sessionNumber: r.number,
    instrumentId: r.instrument_id,
    asked: Number(r.asked),
    answered: Number(r.answered),
  }));
}

/** Consents and declines (a person's own or a guardian's) per UTC day of signing. */
export async function countDecisionsByDay(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<DayDecisions[]> {
  // Timestamps are stored as ISO 8601 text in both databases, so the first ten characters
  // are the UTC date; substr is the same function in SQLite and PostgreSQL.
  const day = sql<string>`substr(${sql.ref('r.signed_at')}, 1, 10)`;
  const rows = await db
    .selectFrom('consent_record as r')
    .select([day.as('day'), 'r.decision'])
    .select((eb) => eb.fn.countAll().as('n'))
    .where('r.organization_id', '=', actor.organizationId)
    .where('r.study_id', '=', studyId)
    .where('r.kind', 'in', ['consent', 'guardian-consent'])
    .where((eb) => studyOfTeam(actor, eb.ref('r.study_id')))
    .groupBy([day, 'r.decision'])
    .execute();
  const days = new Map<string, DayDecisions>();
  for (const r of rows) {
    const d = days.get(r.day) ?? { day: r.day, consented: 0, declined: 0 };
    d[r.decision] += Number(r.n);
    days.set(r.day, d);
  }
  return [...days.values()];
}

export interface InterviewTaskFact {
  clinicId: string;
  clinicName: string;
  role: Role;
  participantId: string;
  status: InterviewStatus;
  dueAt: string;
}

/**
 * The study's interview tasks, one row each, with the participant's clinic and role: the
 * service counts them (a study has hundreds of tasks at most). Withdrawn tasks (their
 * session is no longer attended) are not interviews and are left out.
 */
export async function listInterviewTaskFacts(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<InterviewTaskFact[]> {
  const rows = await db
    .selectFrom('interview_task as t')
    .innerJoin('study_participant as p', 'p.id', 't.participant_id')
    .innerJoin('clinic', 'clinic.id', 'p.clinic_id')
    .select(['p.clinic_id', 'clinic.name', 'p.role', 't.participant_id', 't.status', 't.due_at'])
    .where('t.organization_id', '=', actor.organizationId)
    .where('t.study_id', '=', studyId)
    .where('t.status', '!=', 'withdrawn')
    .where((eb) => studyOfTeam(actor, eb.ref('t.study_id')))
    .orderBy('clinic.name')
    .orderBy('p.clinic_id')
    .execute();
  return rows.map((r) => ({
    clinicId: r.clinic_id,
    clinicName: r.name,
    role: r.role,
    participantId: r.participant_id,
    status: r.status,
    dueAt: r.due_at,
  }));
}
