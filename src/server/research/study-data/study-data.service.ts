import { notFound } from '../../../core/app-error.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import type { AuditEventTable } from '../../db/database-schema.ts';
import { enqueueAlertRecompute } from '../../measurement/alert-recompute-job.ts';
import {
  type DeletedStudyData,
  type StudyOnlyItem,
  deleteStudyOnlyData,
  findStudyParticipant,
  listStudyOnlyItems,
} from './study-data.repository.ts';

// A participant's study-only data, for the study's exports and for a withdrawal under the
// "delete" policy (docs/research.md, "Study forms and measures"). Who may call these is the
// caller's rule (the study team's routes check `studyOfTeam`; a participant withdraws
// through their own receipt link): here the participant must be of the organization and
// the study, and every read and deletion is audited with counts only.

export interface StudyDataTarget {
  organizationId: string;
  studyId: string;
  participantId: string;
}

export interface StudyDataActor {
  type: AuditEventTable['actor_type'];
  id: string | null;
  ip?: string | null;
  requestId?: string | null;
}

/** The participant's study-only items with their answers and scores (audited read). */
export async function listParticipantStudyData(
  db: Database,
  clock: Clock,
  target: StudyDataTarget,
  actor: StudyDataActor,
): Promise<StudyOnlyItem[]> {
  return inTransaction(db, async (trx) => {
    const participant = await findStudyParticipant(
      trx,
      target.organizationId,
      target.studyId,
      target.participantId,
    );
    if (!participant) throw notFound('Participant');
    const items = await listStudyOnlyItems(trx, target.organizationId, participant.id);
    await recordAudit(trx, clock, {
      organizationId: target.organizationId,
      actorType: actor.type,
      actorId: actor.id,
      action: 'study-data.read',
      entityType: 'study_participant',
      entityId: participant.id,
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      details: { studyId: target.studyId, items: items.length },
    });
    return items;
  });
}

/**
 * Deletes the participant's study-only data inside the caller's transaction (a withdrawal
 * records the participant's new status in the same one): their study-only answers and
 * scores, then their study_request_item rows; never a clinical record. The cases whose
 * scores changed get their alerts recomputed; the deletion is audited with counts.
 */
export async function deleteParticipantStudyDataIn(
  trx: Executor,
  clock: Clock,
  target: StudyDataTarget,
  actor: StudyDataActor,
): Promise<DeletedStudyData> {
  const participant = await findStudyParticipant(
    trx,
    target.organizationId,
    target.studyId,
    target.participantId,
  );
  if (!participant) throw notFound('Participant');
  const deleted = await deleteStudyOnlyData(trx, target.organizationId, participant.id);
  for (const caseId of deleted.caseIds)
    await enqueueAlertRecompute(
      trx,
      clock,
      target.organizationId,
      caseId,
      `study-data-deleted:${participant.id}`,
    );
  await recordAudit(trx, clock, {
    organizationId: target.organizationId,
    actorType: actor.type,
    actorId: actor.id,
    action: 'study-data.delete',
    entityType: 'study_participant',
    entityId: participant.id,
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
    details: {
      studyId: target.studyId,
      responses: deleted.responses,
      scores: deleted.scores,
      items: deleted.items,
    },
  });
  return deleted;
}

/** deleteParticipantStudyDataIn in a transaction of its own. */
export function deleteParticipantStudyData(
  db: Database,
  clock: Clock,
  target: StudyDataTarget,
  actor: StudyDataActor,
): Promise<DeletedStudyData> {
  return inTransaction(db, (trx) => deleteParticipantStudyDataIn(trx, clock, target, actor));
}
