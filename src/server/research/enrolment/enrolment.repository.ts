import type { ParticipantStatus } from '../../../core/research/consent-rules.ts';
import { writableCase } from '../../access/case-access.repository.ts';
import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import type { ConsentKind } from '../../db/database-schema.ts';

/** A case the actor treats (writableCase), with its clinic. */
export async function findTreatedCase(db: Executor, actor: StaffActor, caseId: string) {
  const row = await db
    .selectFrom('care_case')
    .select(['id', 'clinic_id', 'status'])
    .where('organization_id', '=', actor.organizationId)
    .where('id', '=', caseId)
    .where((eb) => writableCase(actor, eb.ref('care_case.id')))
    .executeTakeFirst();
  return row && { id: row.id, clinicId: row.clinic_id, status: row.status };
}

export interface CaseMemberRow {
  clientId: string;
  name: string;
  dateOfBirth: string | null;
  birthYear: number | null;
  preferredLanguage: string;
}

/** The client members of a case the actor treats. */
export async function listTreatedCaseMembers(
  db: Executor,
  actor: StaffActor,
  caseId: string,
): Promise<CaseMemberRow[]> {
  const rows = await db
    .selectFrom('case_member')
    .innerJoin('client', (join) =>
      join
        .onRef('client.id', '=', 'case_member.client_id')
        .onRef('client.organization_id', '=', 'case_member.organization_id'),
    )
    .select([
      'client.id',
      'client.given_name',
      'client.family_name',
      'client.preferred_name',
      'client.date_of_birth',
      'client.birth_year',
      'client.preferred_language',
    ])
    .where('case_member.organization_id', '=', actor.organizationId)
    .where('case_member.case_id', '=', caseId)
    .where((eb) => writableCase(actor, eb.ref('case_member.case_id')))
    .orderBy('client.family_name')
    .orderBy('client.given_name')
    .execute();
  return rows.map((r) => ({
    clientId: r.id,
    name: `${r.preferred_name ?? r.given_name} ${r.family_name}`,
    dateOfBirth: r.date_of_birth,
    birthYear: r.birth_year,
    preferredLanguage: r.preferred_language,
  }));
}

/** Recruiting studies that include the clinic, with the languages they have consent in. */
export async function listRecruitingStudiesAtClinic(
  db: Executor,
  organizationId: string,
  clinicId: string,
) {
  const rows = await db
    .selectFrom('study')
    .innerJoin('study_clinic', 'study_clinic.study_id', 'study.id')
    .leftJoin('consent_version', 'consent_version.study_id', 'study.id')
    .select(['study.id', 'study.title', 'consent_version.language'])
    .where('study.organization_id', '=', organizationId)
    .where('study_clinic.clinic_id', '=', clinicId)
    .where('study.status', '=', 'recruiting')
    .orderBy('study.title')
    .execute();
  const studies = new Map<string, { id: string; title: string; languages: string[] }>();
  for (const r of rows) {
    const study = studies.get(r.id) ?? { id: r.id, title: r.title, languages: [] };
    if (r.language && !study.languages.includes(r.language)) study.languages.push(r.language);
    studies.set(r.id, study);
  }
  return [...studies.values()].map((s) => ({ ...s, languages: s.languages.sort() }));
}

export interface ParticipantRow {
  id: string;
  organizationId: string;
  studyId: string;
  clinicId: string;
  role: 'client' | 'therapist';
  caseId: string | null;
  clientId: string | null;
  staffUserId: string | null;
  pseudonym: string;
  needsGuardian: boolean;
  status: ParticipantStatus;
  withdrawalPolicy: 'keep' | 'delete';
}

function participantQuery(db: Executor, organizationId: string) {
  return db
    .selectFrom('study_participant as p')
    .innerJoin('study', 'study.id', 'p.study_id')
    .select([
      'p.id',
      'p.organization_id',
      'p.study_id',
      'p.clinic_id',
      'p.role',
      'p.case_id',
      'p.client_id',
      'p.staff_user_id',
      'p.pseudonym',
      'p.needs_guardian',
      'p.status',
      'study.withdrawal_policy',
    ])
    .where('p.organization_id', '=', organizationId);
}

type ParticipantSelect = Awaited<
  ReturnType<ReturnType<typeof participantQuery>['executeTakeFirstOrThrow']>
>;

function toParticipant(r: ParticipantSelect): ParticipantRow {
  return {
    id: r.id,
    organizationId: r.organization_id,
    studyId: r.study_id,
    clinicId: r.clinic_id,
    role: r.role,
    caseId: r.case_id,
    clientId: r.client_id,
    staffUserId: r.staff_user_id,
    pseudonym: r.pseudonym,
    needsGuardian: r.needs_guardian === 1,
    status: r.status,
    withdrawalPolicy: r.withdrawal_policy,
  };
}

/** The case's client participants and the actor's own participations, for the case's therapist. */
export async function listCaseParticipants(
  db: Executor,
  actor: StaffActor,
  caseId: string,
  studyIds: readonly string[],
): Promise<ParticipantRow[]> {
  const rows = await participantQuery(db, actor.organizationId)
    .where((eb) =>
      eb.or([
        eb.and([eb('p.case_id', '=', caseId), writableCase(actor, eb.ref('p.case_id').$notNull())]),
        studyIds.length > 0
          ? eb.and([eb('p.staff_user_id', '=', actor.userId), eb('p.study_id', 'in', studyIds)])
          : eb.val(false),
      ]),
    )
    .orderBy('p.created_at')
    .execute();
  return rows.map(toParticipant);
}

/** A participant the actor reaches as the study's team. */
export async function findParticipantForTeam(db: Executor, actor: StaffActor, id: string) {
  const row = await participantQuery(db, actor.organizationId)
    .where('p.id', '=', id)
    .where((eb) => studyOfTeam(actor, eb.ref('p.study_id')))
    .executeTakeFirst();
  return row && toParticipant(row);
}

/** The actor's own therapist participation. */
export async function findOwnParticipant(db: Executor, actor: StaffActor, id: string) {
  const row = await participantQuery(db, actor.organizationId)
    .where('p.id', '=', id)
    .where('p.role', '=', 'therapist')
    .where('p.staff_user_id', '=', actor.userId)
    .executeTakeFirst();
  return row && toParticipant(row);
}

/** A participant by id, for a link that already proved who is asking. */
export async function findParticipant(db: Executor, organizationId: string, id: string) {
  const row = await participantQuery(db, organizationId).where('p.id', '=', id).executeTakeFirst();
  return row && toParticipant(row);
}

export async function participantKeyTaken(db: Executor, studyId: string, key: string) {
  const row = await db
    .selectFrom('study_participant')
    .select('id')
    .where('study_id', '=', studyId)
    .where('participant_key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

/** The pseudonyms of the role already used in the study (C01, C02 …). */
export async function listPseudonyms(db: Executor, studyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('study_participant')
    .select('pseudonym')
    .where('study_id', '=', studyId)
    .execute();
  return rows.map((r) => r.pseudonym);
}

export async function insertParticipant(
  db: Executor,
  p: Omit<ParticipantRow, 'withdrawalPolicy' | 'status'> & { key: string; now: string },
) {
  await db
    .insertInto('study_participant')
    .values({
      id: p.id,
      organization_id: p.organizationId,
      study_id: p.studyId,
      clinic_id: p.clinicId,
      role: p.role,
      case_id: p.caseId,
      client_id: p.clientId,
      staff_user_id: p.staffUserId,
      participant_key: p.key,
      pseudonym: p.pseudonym,
      needs_guardian: p.needsGuardian ? 1 : 0,
      status: 'invited',
      withdrawal_data: null,
      created_at: p.now,
      updated_at: p.now,
    })
    .execute();
}

export async function insertParticipantEvent(
  db: Executor,
  e: {
    id: string;
    organizationId: string;
    studyId: string;
    participantId: string;
    status: ParticipantStatus;
    actorKind: 'staff' | 'participant' | 'system';
    actorId: string | null;
    at: string;
  },
) {
  await db
    .insertInto('study_participant_event')
    .values({
      id: e.id,
      organization_id: e.organizationId,
      study_id: e.studyId,
      participant_id: e.participantId,
      status: e.status,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      at: e.at,
    })
    .execute();
}

/** Moves a participant only from the status it was read in (no lost update). */
export async function updateParticipantStatus(
  db: Executor,
  id: string,
  from: ParticipantStatus,
  to: ParticipantStatus,
  now: string,
  withdrawalData: 'kept' | 'deleted' | null = null,
): Promise<boolean> {
  const result = await db
    .updateTable('study_participant')
    .set({
      status: to,
      updated_at: now,
      ...(withdrawalData && { withdrawal_data: withdrawalData }),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertInvitation(
  db: Executor,
  i: {
    id: string;
    organizationId: string;
    studyId: string;
    participantId: string;
    kind: ConsentKind;
    language: string;
    tokenHash: string;
    createdBy: string;
    now: string;
    expiresAt: string;
  },
) {
  await db
    .insertInto('consent_invitation')
    .values({
      id: i.id,
      organization_id: i.organizationId,
      study_id: i.studyId,
      participant_id: i.participantId,
      kind: i.kind,
      language: i.language,
      token_hash: i.tokenHash,
      status: 'open',
      created_by: i.createdBy,
      created_at: i.now,
      expires_at: i.expiresAt,
      used_at: null,
    })
    .execute();
}

export async function listInvitations(db: Executor, participantIds: readonly string[]) {
  if (participantIds.length === 0) return [];
  const rows = await db
    .selectFrom('consent_invitation')
    .select(['id', 'participant_id', 'kind', 'status', 'expires_at', 'language'])
    .where('participant_id', 'in', participantIds)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    participantId: r.participant_id,
    kind: r.kind,
    status: r.status,
    expiresAt: r.expires_at,
    language: r.language,
  }));
}

/** An invitation of a client participant whose case the actor treats. */
export async function findInvitationForTherapist(db: Executor, actor: StaffActor, id: string) {
  const row = await db
    .selectFrom('consent_invitation as i')
    .innerJoin('study_participant as p', 'p.id', 'i.participant_id')
    .select(['i.id', 'i.kind', 'i.status', 'i.expires_at', 'p.case_id'])
    .where('i.organization_id', '=', actor.organizationId)
    .where('i.id', '=', id)
    .where((eb) => writableCase(actor, eb.ref('p.case_id').$notNull()))
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      kind: row.kind,
      status: row.status,
      expiresAt: row.expires_at,
      caseId: row.case_id,
    }
  );
}

/** Open links of a participant stop working (withdrawal). */
export async function revokeOpenInvitations(db: Executor, participantId: string): Promise<number> {
  const result = await db
    .updateTable('consent_invitation')
    .set({ status: 'revoked' })
    .where('participant_id', '=', participantId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
