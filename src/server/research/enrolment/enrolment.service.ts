import { randomUUID } from 'node:crypto';
import type { CaseResearch, ConsentLink, Enrolment } from '../../../core/api/consent.ts';
import { AppError, notFound } from '../../../core/app-error.ts';
import {
  type ConsentKind,
  needsGuardian,
  pseudonymNumber,
  studyPseudonym,
} from '../../../core/research/consent-rules.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordStaffAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import { consentInvitationToken, consentPagePath, sha256Hex } from '../consent/consent-token.ts';
import {
  findEffectiveVersion,
  findStudyHeading,
  studyIncludesClinic,
} from '../consent/consent.repository.ts';
import {
  findInvitationForTherapist,
  findTreatedCase,
  insertInvitation,
  insertParticipant,
  insertParticipantEvent,
  listCaseParticipants,
  listInvitations,
  listPseudonyms,
  listRecruitingStudiesAtClinic,
  listTreatedCaseMembers,
  participantKeyTaken,
} from './enrolment.repository.ts';

export interface EnrolmentDeps {
  db: Database;
  clock: Clock;
  /** Without the instance secret no consent link can be made or shown. */
  secret: string | undefined;
  /** The address people open Rapport at; without it a link is a path on this server. */
  publicUrl: string | undefined;
}

/** How long a consent link stays open. */
const LINK_DAYS = 30;

function requireSecret(deps: EnrolmentDeps): string {
  if (!deps.secret)
    throw new AppError('unavailable', 'The instance secret is not configured (RAPPORT_SECRET).');
  return deps.secret;
}

function linkOf(
  deps: EnrolmentDeps,
  secret: string,
  invitation: { id: string; kind: ConsentKind; expiresAt: string },
): ConsentLink {
  const path = consentPagePath(consentInvitationToken(secret, invitation.id));
  return {
    invitationId: invitation.id,
    kind: invitation.kind,
    url: deps.publicUrl ? `${deps.publicUrl}${path}` : path,
    expiresAt: invitation.expiresAt,
  };
}

async function treatedCase(db: Executor, actor: StaffActor, caseId: string) {
  const found = await findTreatedCase(db, actor, caseId);
  if (!found) throw notFound('Case');
  return found;
}

/**
 * The case page's research panel, for the case's therapists only: recruiting studies at the
 * case's clinic, the members, and who is enrolled with which consent status. No study data.
 */
export async function caseResearch(
  deps: EnrolmentDeps,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<CaseResearch> {
  const found = await treatedCase(deps.db, actor, caseId);
  const studies = await listRecruitingStudiesAtClinic(
    deps.db,
    actor.organizationId,
    found.clinicId,
  );
  const members = await listTreatedCaseMembers(deps.db, actor, caseId);
  const participants = await listCaseParticipants(
    deps.db,
    actor,
    caseId,
    studies.map((s) => s.id),
  );
  const invitations = await listInvitations(
    deps.db,
    participants.map((p) => p.id),
  );
  const now = deps.clock().toISOString();
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'study-participant.list',
    entityType: 'care_case',
    entityId: caseId,
    details: { participants: participants.length },
  });
  const todayDate = now.slice(0, 10);
  return {
    caseId,
    studies,
    members: members.map((m) => ({
      clientId: m.clientId,
      name: m.name,
      minor: needsGuardian(m, todayDate),
    })),
    participants: participants.map((p) => ({
      id: p.id,
      studyId: p.studyId,
      role: p.role,
      clientId: p.clientId,
      status: p.status,
      needsGuardian: p.needsGuardian,
      invitations: invitations
        .filter((i) => i.participantId === p.id)
        .map((i) => ({
          id: i.id,
          kind: i.kind,
          status: i.status === 'open' && i.expiresAt <= now ? ('expired' as const) : i.status,
          expiresAt: i.expiresAt,
        })),
    })),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** The next free pseudonym of the role in the study (C01, C02 …; T01 …). */
async function nextPseudonym(db: Executor, studyId: string, role: 'client' | 'therapist') {
  const used = (await listPseudonyms(db, studyId))
    .map((p) => pseudonymNumber(role, p))
    .filter((n): n is number => n !== null);
  return studyPseudonym(role, Math.max(0, ...used) + 1);
}

/**
 * Runs an enrolment's transaction, again when it lost a race: two enrolments at once may pick
 * the same pseudonym, and the unique (study, pseudonym) constraint refuses the second, whose
 * transaction then runs anew and picks the next number (a person enrolled twice at once is
 * refused the same way, and the rerun answers 409).
 */
async function retryingEnrolment<T>(db: Database, work: (trx: Executor) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(db, work);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 10) throw error;
    }
  }
}

async function recruitingStudyAt(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  clinicId: string,
) {
  const study = await findStudyHeading(db, actor.organizationId, studyId);
  if (!study || !(await studyIncludesClinic(db, studyId, clinicId))) throw notFound('Study');
  if (study.status !== 'recruiting')
    throw new AppError('conflict', 'This study is not recruiting.');
  return study;
}

/**
 * The case's therapist enrols a client member of the case into a recruiting study at the
 * case's clinic: a participant under a new pseudonym (invited) and a single-use consent link
 * — for a minor, a guardian's consent link and an assent link. Audited.
 */
export async function enrolClientMember(
  deps: EnrolmentDeps,
  actor: StaffActor,
  caseId: string,
  input: { studyId: string; clientId: string; language?: string },
  origin: RequestOrigin,
): Promise<Enrolment> {
  const secret = requireSecret(deps);
  return retryingEnrolment(deps.db, async (trx) => {
    const found = await treatedCase(trx, actor, caseId);
    if (found.status !== 'active') throw new AppError('conflict', 'The case is closed.');
    const study = await recruitingStudyAt(trx, actor, input.studyId, found.clinicId);
    const member = (await listTreatedCaseMembers(trx, actor, caseId)).find(
      (m) => m.clientId === input.clientId,
    );
    if (!member) throw notFound('Case member');
    const key = `client:${member.clientId}`;
    if (await participantKeyTaken(trx, study.id, key))
      throw new AppError('conflict', 'This person is already enrolled in the study.');
    const now = deps.clock().toISOString();
    const language = await consentLanguage(
      trx,
      study.id,
      now,
      input.language,
      member.preferredLanguage,
    );
    const minor = needsGuardian(member, now.slice(0, 10));
    const participantId = randomUUID();
    const pseudonym = await nextPseudonym(trx, study.id, 'client');
    await insertParticipant(trx, {
      id: participantId,
      organizationId: actor.organizationId,
      studyId: study.id,
      clinicId: found.clinicId,
      role: 'client',
      caseId,
      clientId: member.clientId,
      staffUserId: null,
      key,
      pseudonym,
      needsGuardian: minor,
      now,
    });
    await insertParticipantEvent(trx, {
      id: randomUUID(),
      organizationId: actor.organizationId,
      studyId: study.id,
      participantId,
      status: 'invited',
      actorKind: 'staff',
      actorId: actor.userId,
      at: now,
    });
    const expiresAt = new Date(Date.parse(now) + LINK_DAYS * 86_400_000).toISOString();
    const kinds: ConsentKind[] = minor ? ['guardian-consent', 'assent'] : ['consent'];
    const links: ConsentLink[] = [];
    for (const kind of kinds) {
      const id = randomUUID();
      await insertInvitation(trx, {
        id,
        organizationId: actor.organizationId,
        studyId: study.id,
        participantId,
        kind,
        language,
        tokenHash: sha256Hex(consentInvitationToken(secret, id)),
        createdBy: actor.userId,
        now,
        expiresAt,
      });
      links.push(linkOf(deps, secret, { id, kind, expiresAt }));
    }
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'study-participant.enrol',
      entityType: 'study_participant',
      entityId: participantId,
      details: { studyId: study.id, caseId, role: 'client', links: links.length, minor },
    });
    return { participantId, pseudonym, status: 'invited' as const, links };
  });
}

/** The consent's language: the one asked for, else the client's, else English — with a version in force. */
async function consentLanguage(
  db: Executor,
  studyId: string,
  now: string,
  asked: string | undefined,
  preferred: string,
): Promise<string> {
  const candidates = asked ? [asked] : [preferred, preferred.split('-')[0]!, 'en'];
  for (const language of candidates)
    if (await findEffectiveVersion(db, studyId, language, now.slice(0, 10))) return language;
  throw new AppError(
    'conflict',
    asked
      ? `The study has no consent version in force in "${asked}".`
      : 'The study has no consent version in force in the client’s language or in English.',
  );
}

/**
 * The case's therapist enrols themselves (once per study, at the case's clinic): invited,
 * under a T pseudonym; they then consent in the staff app. Audited.
 */
export async function enrolTherapist(
  deps: EnrolmentDeps,
  actor: StaffActor,
  caseId: string,
  input: { studyId: string },
  origin: RequestOrigin,
): Promise<Enrolment> {
  return retryingEnrolment(deps.db, async (trx) => {
    const found = await treatedCase(trx, actor, caseId);
    const study = await recruitingStudyAt(trx, actor, input.studyId, found.clinicId);
    const key = `therapist:${actor.userId}`;
    if (await participantKeyTaken(trx, study.id, key))
      throw new AppError('conflict', 'You are already enrolled in this study.');
    const now = deps.clock().toISOString();
    const participantId = randomUUID();
    const pseudonym = await nextPseudonym(trx, study.id, 'therapist');
    await insertParticipant(trx, {
      id: participantId,
      organizationId: actor.organizationId,
      studyId: study.id,
      clinicId: found.clinicId,
      role: 'therapist',
      caseId: null,
      clientId: null,
      staffUserId: actor.userId,
      key,
      pseudonym,
      needsGuardian: false,
      now,
    });
    await insertParticipantEvent(trx, {
      id: randomUUID(),
      organizationId: actor.organizationId,
      studyId: study.id,
      participantId,
      status: 'invited',
      actorKind: 'staff',
      actorId: actor.userId,
      at: now,
    });
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'study-participant.enrol',
      entityType: 'study_participant',
      entityId: participantId,
      details: { studyId: study.id, caseId, role: 'therapist' },
    });
    return { participantId, pseudonym, status: 'invited' as const, links: [] };
  });
}

/** An open consent link again, for a QR code or a copy (the case's therapists only). */
export async function showConsentLink(
  deps: EnrolmentDeps,
  actor: StaffActor,
  invitationId: string,
  origin: RequestOrigin,
): Promise<ConsentLink> {
  const invitation = await findInvitationForTherapist(deps.db, actor, invitationId);
  if (!invitation) throw notFound('Consent link');
  if (invitation.status !== 'open' || invitation.expiresAt <= deps.clock().toISOString())
    throw new AppError('conflict', 'This consent link is no longer open.');
  const secret = requireSecret(deps);
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'consent-invitation.link',
    entityType: 'consent_invitation',
    entityId: invitation.id,
    details: { caseId: invitation.caseId },
  });
  return linkOf(deps, secret, invitation);
}
