import { randomUUID } from 'node:crypto';
import type {
  ConsentDecision,
  ConsentReceiptView,
  ConsentSubmitted,
  ConsentView,
  StaffConsentView,
  TeamConsentRecords,
  Withdrawal,
} from '../../../core/api/consent.ts';
import { AppError, badRequest, notFound } from '../../../core/app-error.ts';
import {
  type ConsentKind,
  consentShownText,
  statusAfterConsent,
} from '../../../core/research/consent-rules.ts';
import { consentSubmissionProblem } from '../../../core/research/study-rules.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordAudit, recordStaffAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import {
  type ParticipantRow,
  findOwnParticipant,
  findParticipant,
  findParticipantForTeam,
  insertParticipantEvent,
  updateParticipantStatus,
} from '../enrolment/enrolment.repository.ts';
import { withdrawParticipant } from '../enrolment/withdrawal.service.ts';
import { renderConsentReceipt } from './consent-receipt-pdf.ts';
import { newReceiptToken, sha256Hex } from './consent-token.ts';
import {
  type ConsentVersionRow,
  type StudyHeading,
  findEffectiveVersion,
  findOpenInvitation,
  findOwnRecord,
  findRecordByReceiptHash,
  findRecordForTeam,
  findStudyHeading,
  insertConsentRecord,
  listDecisions,
  listParticipantRecords,
  markInvitationUsed,
  readReceiptPdf,
} from './consent.repository.ts';

export interface ConsentDeps {
  db: Database;
  clock: Clock;
}

/** One calm message for every link that does not open, so it tells a guesser nothing. */
const LINK_NOT_VALID =
  'This consent link is not valid: it may have been used already, have expired or been withdrawn.';
const RECEIPT_NOT_VALID = 'This receipt link is not valid.';

const today = (clock: Clock) => clock().toISOString().slice(0, 10);
const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

function view(study: StudyHeading, version: ConsentVersionRow, kind: ConsentKind): ConsentView {
  return {
    kind,
    language: version.language,
    studyTitle: study.title,
    principalInvestigator: study.principalInvestigator,
    ethicsReference: study.ethicsReference,
    version: version.version,
    informationText: version.informationText,
    statements: version.statements,
    textSha256: sha256Hex(consentShownText(version)),
  };
}

/** The link's invitation, participant, study and version in force, or a 404. */
async function resolveLink(db: Executor, clock: Clock, token: string) {
  if (!looksLikeToken(token)) throw new AppError('not_found', LINK_NOT_VALID);
  const invitation = await findOpenInvitation(db, sha256Hex(token), clock().toISOString());
  if (!invitation) throw new AppError('not_found', LINK_NOT_VALID);
  const participant = await findParticipant(
    db,
    invitation.organizationId,
    invitation.participantId,
  );
  const study = await findStudyHeading(db, invitation.organizationId, invitation.studyId);
  if (!participant || participant.status !== 'invited' || !study || study.status !== 'recruiting')
    throw new AppError('not_found', LINK_NOT_VALID);
  const version = await findEffectiveVersion(db, study.id, invitation.language, today(clock));
  if (!version) throw new AppError('not_found', LINK_NOT_VALID);
  return { invitation, participant, study, version };
}

/** What a consent link shows (nothing is stored by looking). */
export async function openConsentLink(deps: ConsentDeps, token: string): Promise<ConsentView> {
  const { invitation, study, version } = await resolveLink(deps.db, deps.clock, token);
  return view(study, version, invitation.kind);
}

/** Refuses a decision that may not be stored, before anything is written. */
function checkDecision(version: ConsentVersionRow, decision: ConsentDecision) {
  const problem = consentSubmissionProblem({
    statementCount: version.statements.length,
    tickedStatementIndexes: decision.tickedStatements,
    typedName: decision.typedName,
    decision: decision.decision,
  });
  if (problem) throw badRequest(problem);
  if (decision.textSha256 !== sha256Hex(consentShownText(version)))
    throw new AppError(
      'conflict',
      'The consent text has changed since the page was opened; please read it again.',
    );
}

/**
 * Stores one decision with its PDF receipt and moves the participant when the decision
 * settles their status (an adult's consent; a minor's guardian consent and assent).
 */
export async function storeDecision(
  trx: Executor,
  clock: Clock,
  input: {
    participant: ParticipantRow;
    study: StudyHeading;
    version: ConsentVersionRow;
    kind: ConsentKind;
    invitationId: string | null;
    channel: 'link' | 'staff-app';
    decision: ConsentDecision;
    actor: { kind: 'staff' | 'participant'; id: string | null };
    withReceiptToken: boolean;
  },
) {
  const signedAt = clock().toISOString();
  const typedName = input.decision.typedName.trim();
  const ticked = [...new Set(input.decision.tickedStatements)].sort((a, b) => a - b);
  const textSha256 = sha256Hex(consentShownText(input.version));
  const pdf = await renderConsentReceipt({
    language: input.version.language,
    studyTitle: input.study.title,
    principalInvestigator: input.study.principalInvestigator,
    ethicsReference: input.study.ethicsReference,
    version: input.version.version,
    kind: input.kind,
    decision: input.decision.decision,
    signedAt,
    typedName,
    informationText: input.version.informationText,
    statements: input.version.statements,
    tickedStatements: ticked,
    textSha256,
  });
  const receiptToken = input.withReceiptToken ? newReceiptToken() : null;
  const recordId = randomUUID();
  await insertConsentRecord(trx, {
    id: recordId,
    organizationId: input.participant.organizationId,
    studyId: input.study.id,
    participantId: input.participant.id,
    consentVersionId: input.version.id,
    invitationId: input.invitationId,
    kind: input.kind,
    decision: input.decision.decision,
    channel: input.channel,
    typedName,
    tickedStatements: ticked,
    textSha256,
    signedAt,
    receiptPdf: pdf,
    receiptSha256: sha256Hex(pdf),
    receiptTokenHash: receiptToken ? sha256Hex(receiptToken) : null,
  });
  const decisions = await listDecisions(trx, input.participant.id);
  const next = statusAfterConsent(input.participant.needsGuardian, decisions);
  if (next !== input.participant.status) {
    if (
      !(await updateParticipantStatus(
        trx,
        input.participant.id,
        input.participant.status,
        next,
        signedAt,
      ))
    )
      throw new AppError('conflict', 'The participant changed meanwhile; please reload.');
    await insertParticipantEvent(trx, {
      id: randomUUID(),
      organizationId: input.participant.organizationId,
      studyId: input.study.id,
      participantId: input.participant.id,
      status: next,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      at: signedAt,
    });
  }
  return { recordId, receiptToken, participantStatus: next };
}

/** A decision through a consent link: the link is spent in the same transaction. */
export async function submitConsentByLink(
  deps: ConsentDeps,
  token: string,
  decision: ConsentDecision,
  origin: RequestOrigin,
): Promise<ConsentSubmitted> {
  return inTransaction(deps.db, async (trx) => {
    const { invitation, participant, study, version } = await resolveLink(trx, deps.clock, token);
    checkDecision(version, decision);
    if (!(await markInvitationUsed(trx, invitation.id, deps.clock().toISOString())))
      throw new AppError('not_found', LINK_NOT_VALID);
    // The person answering is the client, or their guardian: neither has a staff id.
    const actorId = invitation.kind === 'guardian-consent' ? null : participant.clientId;
    const stored = await storeDecision(trx, deps.clock, {
      participant,
      study,
      version,
      kind: invitation.kind,
      invitationId: invitation.id,
      channel: 'link',
      decision,
      actor: { kind: 'participant', id: actorId },
      withReceiptToken: true,
    });
    await recordAudit(trx, deps.clock, {
      organizationId: participant.organizationId,
      actorType: 'client',
      actorId,
      action: 'consent.record',
      entityType: 'consent_record',
      entityId: stored.recordId,
      ip: origin.ip,
      requestId: origin.requestId,
      details: {
        studyId: study.id,
        participantId: participant.id,
        kind: invitation.kind,
        decision: decision.decision,
        version: version.version,
      },
    });
    return {
      recordId: stored.recordId,
      decision: decision.decision,
      receiptToken: stored.receiptToken,
    };
  });
}

async function resolveReceipt(db: Executor, token: string) {
  if (!looksLikeToken(token)) throw new AppError('not_found', RECEIPT_NOT_VALID);
  const record = await findRecordByReceiptHash(db, sha256Hex(token));
  if (!record) throw new AppError('not_found', RECEIPT_NOT_VALID);
  return record;
}

/** The person's receipt page. */
export async function openReceipt(deps: ConsentDeps, token: string): Promise<ConsentReceiptView> {
  const record = await resolveReceipt(deps.db, token);
  return {
    language: record.language,
    studyTitle: record.studyTitle,
    version: record.version,
    kind: record.kind,
    decision: record.decision,
    signedAt: record.signedAt,
    participantStatus: record.participantStatus,
    canWithdraw:
      record.decision === 'consented' &&
      (record.participantStatus === 'consented' || record.participantStatus === 'invited'),
  };
}

export interface ReceiptFile {
  fileName: string;
  bytes: Buffer;
}

async function receiptFile(
  db: Executor,
  record: { id: string; version: number; signedAt: string },
) {
  const bytes = await readReceiptPdf(db, record.id);
  if (!bytes) throw notFound('Receipt');
  return {
    fileName: `consent-v${record.version}-${record.signedAt.slice(0, 10)}.pdf`,
    bytes,
  };
}

/** The stored PDF, for the person holding the receipt link. */
export async function receiptPdfByToken(deps: ConsentDeps, token: string): Promise<ReceiptFile> {
  return receiptFile(deps.db, await resolveReceipt(deps.db, token));
}

/** Withdrawal by the participant (or their guardian) from the receipt page. */
export async function withdrawByReceipt(
  deps: ConsentDeps,
  token: string,
  origin: RequestOrigin,
): Promise<Withdrawal> {
  return inTransaction(deps.db, async (trx) => {
    const record = await resolveReceipt(trx, token);
    if (record.decision !== 'consented')
      throw new AppError('conflict', 'Only a consent can be withdrawn.');
    const participant = await findParticipant(trx, record.organizationId, record.participantId);
    if (!participant) throw new AppError('not_found', RECEIPT_NOT_VALID);
    return withdrawParticipant(trx, deps.clock, participant, {
      kind: 'participant',
      id: record.kind === 'guardian-consent' ? null : participant.clientId,
      ...origin,
    });
  });
}

/** The version a therapist consents to: their chosen language, else English, else any. */
async function versionForStaff(db: Executor, clock: Clock, studyId: string, language?: string) {
  for (const candidate of [language, 'en', 'es'].filter((l): l is string => Boolean(l))) {
    const version = await findEffectiveVersion(db, studyId, candidate, today(clock));
    if (version) return version;
  }
  throw new AppError('conflict', 'The study has no consent version in force yet.');
}

async function ownParticipation(db: Executor, actor: StaffActor, participantId: string) {
  const participant = await findOwnParticipant(db, actor, participantId);
  if (!participant) throw notFound('Participation');
  const study = await findStudyHeading(db, actor.organizationId, participant.studyId);
  if (!study) throw notFound('Participation');
  return { participant, study };
}

/** The therapist's own consent page in the staff app. */
export async function ownConsentView(
  deps: ConsentDeps,
  actor: StaffActor,
  participantId: string,
  language: string | undefined,
): Promise<StaffConsentView> {
  const { participant, study } = await ownParticipation(deps.db, actor, participantId);
  const version = await versionForStaff(deps.db, deps.clock, study.id, language);
  const records = await listParticipantRecords(deps.db, participant.id);
  return {
    ...view(study, version, 'consent'),
    participantId: participant.id,
    participantStatus: participant.status,
    recordId: records.at(-1)?.id ?? null,
  };
}

/** The therapist consents (or declines) for themselves in the staff app. */
export async function submitOwnConsent(
  deps: ConsentDeps,
  actor: StaffActor,
  participantId: string,
  decision: ConsentDecision & { language?: string },
  origin: RequestOrigin,
): Promise<ConsentSubmitted> {
  return inTransaction(deps.db, async (trx) => {
    const { participant, study } = await ownParticipation(trx, actor, participantId);
    if (participant.status !== 'invited' || study.status !== 'recruiting')
      throw new AppError('conflict', 'This participation has already been decided.');
    const version = await versionForStaff(trx, deps.clock, study.id, decision.language);
    checkDecision(version, decision);
    const stored = await storeDecision(trx, deps.clock, {
      participant,
      study,
      version,
      kind: 'consent',
      invitationId: null,
      channel: 'staff-app',
      decision,
      actor: { kind: 'participant', id: actor.userId },
      withReceiptToken: false,
    });
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'consent.record',
      entityType: 'consent_record',
      entityId: stored.recordId,
      details: {
        studyId: study.id,
        participantId,
        kind: 'consent',
        decision: decision.decision,
        version: version.version,
      },
    });
    return { recordId: stored.recordId, decision: decision.decision, receiptToken: null };
  });
}

/** The therapist's own receipt. */
export async function ownReceiptPdf(
  deps: ConsentDeps,
  actor: StaffActor,
  recordId: string,
  origin: RequestOrigin,
): Promise<ReceiptFile> {
  return auditedReceipt(deps, actor, await findOwnRecord(deps.db, actor, recordId), origin);
}

/** A receipt the actor may read (found in the SQL by the caller), its read audited. */
async function auditedReceipt(
  deps: ConsentDeps,
  actor: StaffActor,
  record: Awaited<ReturnType<typeof findOwnRecord>>,
  origin: RequestOrigin,
): Promise<ReceiptFile> {
  if (!record) throw notFound('Receipt');
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'consent.receipt.read',
    entityType: 'consent_record',
    entityId: record.id,
    details: { studyId: record.studyId, participantId: record.participantId },
  });
  return receiptFile(deps.db, record);
}

/** A participant's consent records for the study team: pseudonym, never the typed name. */
export async function listTeamRecords(
  deps: ConsentDeps,
  actor: StaffActor,
  participantId: string,
  origin: RequestOrigin,
): Promise<TeamConsentRecords> {
  const participant = await findParticipantForTeam(deps.db, actor, participantId);
  if (!participant) throw notFound('Participant');
  const records = await listParticipantRecords(deps.db, participant.id);
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'consent.records.list',
    entityType: 'study_participant',
    entityId: participant.id,
    details: { studyId: participant.studyId, records: records.length },
  });
  return {
    participantId: participant.id,
    records: records.map((r) => ({
      id: r.id,
      pseudonym: r.pseudonym,
      kind: r.kind,
      decision: r.decision,
      channel: r.channel,
      language: r.language,
      version: r.version,
      signedAt: r.signedAt,
      textSha256: r.textSha256,
      receiptSha256: r.receiptSha256,
    })),
  };
}

/** A receipt for the study team (it holds the typed name: audited). */
export async function teamReceiptPdf(
  deps: ConsentDeps,
  actor: StaffActor,
  recordId: string,
  origin: RequestOrigin,
): Promise<ReceiptFile> {
  return auditedReceipt(deps, actor, await findRecordForTeam(deps.db, actor, recordId), origin);
}

/** Withdrawal recorded by the study team. */
export async function withdrawByTeam(
  deps: ConsentDeps,
  actor: StaffActor,
  participantId: string,
  origin: RequestOrigin,
): Promise<Withdrawal> {
  return inTransaction(deps.db, async (trx) => {
    const participant = await findParticipantForTeam(trx, actor, participantId);
    if (!participant) throw notFound('Participant');
    return withdrawParticipant(trx, deps.clock, participant, {
      kind: 'staff',
      id: actor.userId,
      ...origin,
    });
  });
}
