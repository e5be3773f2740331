import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import type { ConsentKind } from '../../db/database-schema.ts';

export interface StudyHeading {
  id: string;
  organizationId: string;
  title: string;
  principalInvestigator: string;
  ethicsReference: string;
  status: 'draft' | 'recruiting' | 'closed';
  withdrawalPolicy: 'keep' | 'delete';
}

export async function findStudyHeading(
  db: Executor,
  organizationId: string,
  studyId: string,
): Promise<StudyHeading | undefined> {
  const row = await db
    .selectFrom('study')
    .select([
      'id',
      'organization_id',
      'title',
      'principal_investigator',
      'ethics_reference',
      'status',
      'withdrawal_policy',
    ])
    .where('organization_id', '=', organizationId)
    .where('id', '=', studyId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      title: row.title,
      principalInvestigator: row.principal_investigator,
      ethicsReference: row.ethics_reference,
      status: row.status,
      withdrawalPolicy: row.withdrawal_policy,
    }
  );
}

/** True when the study includes the clinic. */
export async function studyIncludesClinic(db: Executor, studyId: string, clinicId: string) {
  const row = await db
    .selectFrom('study_clinic')
    .select('study_id')
    .where('study_id', '=', studyId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ConsentVersionRow {
  id: string;
  language: string;
  version: number;
  informationText: string;
  statements: string[];
}

/** The version in force for a language on `today`: the highest one already effective. */
export async function findEffectiveVersion(
  db: Executor,
  studyId: string,
  language: string,
  today: string,
): Promise<ConsentVersionRow | undefined> {
  const row = await db
    .selectFrom('consent_version')
    .select(['id', 'language', 'version', 'information_text', 'statements'])
    .where('study_id', '=', studyId)
    .where('language', '=', language)
    .where('effective_from', '<=', today)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row && toVersion(row);
}

export async function findVersion(db: Executor, id: string) {
  const row = await db
    .selectFrom('consent_version')
    .select(['id', 'language', 'version', 'information_text', 'statements'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toVersion(row);
}

function toVersion(row: {
  id: string;
  language: string;
  version: number;
  information_text: string;
  statements: string;
}): ConsentVersionRow {
  return {
    id: row.id,
    language: row.language,
    version: row.version,
    informationText: row.information_text,
    statements: JSON.parse(row.statements) as string[],
  };
}

/** An open, unexpired link by its token's hash. */
export async function findOpenInvitation(db: Executor, tokenHash: string, now: string) {
  const row = await db
    .selectFrom('consent_invitation')
    .select(['id', 'organization_id', 'study_id', 'participant_id', 'kind', 'language'])
    .where('token_hash', '=', tokenHash)
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      studyId: row.study_id,
      participantId: row.participant_id,
      kind: row.kind,
      language: row.language,
    }
  );
}

/** Spends a link once: false when another request used it first. */
export async function markInvitationUsed(db: Executor, id: string, now: string) {
  const result = await db
    .updateTable('consent_invitation')
    .set({ status: 'used', used_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NewConsentRecord {
  id: string;
  organizationId: string;
  studyId: string;
  participantId: string;
  consentVersionId: string;
  invitationId: string | null;
  kind: ConsentKind;
  decision: 'consented' | 'declined';
  channel: 'link' | 'staff-app';
  typedName: string;
  tickedStatements: number[];
  textSha256: string;
  signedAt: string;
  receiptPdf: Buffer;
  receiptSha256: string;
  receiptTokenHash: string | null;
}

export async function insertConsentRecord(db: Executor, r: NewConsentRecord) {
  await db
    .insertInto('consent_record')
    .values({
      id: r.id,
      organization_id: r.organizationId,
      study_id: r.studyId,
      participant_id: r.participantId,
      consent_version_id: r.consentVersionId,
      invitation_id: r.invitationId,
      kind: r.kind,
      decision: r.decision,
      channel: r.channel,
      typed_name: r.typedName,
      ticked_statements: JSON.stringify(r.tickedStatements),
      text_sha256: r.textSha256,
      signed_at: r.signedAt,
      receipt_pdf: r.receiptPdf.toString('base64'),
      receipt_sha256: r.receiptSha256,
      receipt_token_hash: r.receiptTokenHash,
    })
    .execute();
}

export async function listDecisions(db: Executor, participantId: string) {
  return db
    .selectFrom('consent_record')
    .select(['kind', 'decision'])
    .where('participant_id', '=', participantId)
    .execute();
}

function recordQuery(db: Executor) {
  return db
    .selectFrom('consent_record as r')
    .innerJoin('consent_version as v', 'v.id', 'r.consent_version_id')
    .innerJoin('study', 'study.id', 'r.study_id')
    .innerJoin('study_participant as p', 'p.id', 'r.participant_id')
    .select([
      'r.id',
      'r.organization_id',
      'r.participant_id',
      'r.kind',
      'r.decision',
      'r.channel',
      'r.signed_at',
      'r.text_sha256',
      'r.receipt_sha256',
      'v.language',
      'v.version',
      'study.title',
      'p.status as participant_status',
      'p.pseudonym',
      'p.study_id',
    ]);
}

type RecordSelect = Awaited<ReturnType<ReturnType<typeof recordQuery>['executeTakeFirstOrThrow']>>;
const toRecord = (r: RecordSelect) => ({
  id: r.id,
  organizationId: r.organization_id,
  participantId: r.participant_id,
  studyId: r.study_id,
  kind: r.kind,
  decision: r.decision,
  channel: r.channel,
  signedAt: r.signed_at,
  textSha256: r.text_sha256,
  receiptSha256: r.receipt_sha256,
  language: r.language,
  version: r.version,
  studyTitle: r.title,
  participantStatus: r.participant_status,
  pseudonym: r.pseudonym,
});
export type ConsentRecordView = ReturnType<typeof toRecord>;

/** The record a receipt page's token opens. */
export async function findRecordByReceiptHash(db: Executor, hash: string) {
  const row = await recordQuery(db).where('r.receipt_token_hash', '=', hash).executeTakeFirst();
  return row && toRecord(row);
}

/** A record the actor reaches as the study's team. */
export async function findRecordForTeam(db: Executor, actor: StaffActor, id: string) {
  const row = await recordQuery(db)
    .where('r.organization_id', '=', actor.organizationId)
    .where('r.id', '=', id)
    .where((eb) => studyOfTeam(actor, eb.ref('r.study_id')))
    .executeTakeFirst();
  return row && toRecord(row);
}

/** A record of the actor's own (therapist) participation. */
export async function findOwnRecord(db: Executor, actor: StaffActor, id: string) {
  const row = await recordQuery(db)
    .where('r.organization_id', '=', actor.organizationId)
    .where('r.id', '=', id)
    .where('p.staff_user_id', '=', actor.userId)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function listParticipantRecords(db: Executor, participantId: string) {
  const rows = await recordQuery(db)
    .where('r.participant_id', '=', participantId)
    .orderBy('r.signed_at')
    .execute();
  return rows.map(toRecord);
}

/** The stored receipt's bytes (never re-rendered). */
export async function readReceiptPdf(db: Executor, recordId: string): Promise<Buffer | null> {
  const row = await db
    .selectFrom('consent_record')
    .select('receipt_pdf')
    .where('id', '=', recordId)
    .executeTakeFirst();
  return row?.receipt_pdf ? Buffer.from(row.receipt_pdf, 'base64') : null;
}
