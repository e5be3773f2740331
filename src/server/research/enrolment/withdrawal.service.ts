import { randomUUID } from 'node:crypto';
import { AppError } from '../../../core/app-error.ts';
import { canMoveParticipant } from '../../../core/research/consent-rules.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { Clock } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import { withdrawStudyFormsFromOpenRequests } from '../../measurement/withdraw-study-forms.service.ts';
import { deleteParticipantInterviewRecords } from '../interviews/interview.repository.ts';
import { withdrawParticipantInterviews } from '../interviews/interview-tasks.service.ts';
import { deleteWithdrawnParticipantRecordings } from '../recordings/recording.service.ts';
import { deleteParticipantStudyDataIn } from '../study-data/study-data.service.ts';
import {
  type ParticipantRow,
  insertParticipantEvent,
  revokeOpenInvitations,
  updateParticipantStatus,
} from './enrolment.repository.ts';

export interface WithdrawnBy {
  kind: 'staff' | 'participant';
  /** The staff member who recorded it, or the client (null for a guardian or unknown). */
  id: string | null;
  ip: string | null;
  requestId: string | null;
}

/**
 * Withdraws a participant at once, inside the caller's transaction: status withdrawn with an
 * event naming who and when, open consent links revoked, their unanswered study forms taken
 * off their open questionnaire links, and — when the study's policy says delete — the
 * study's own data of the person removed (study-data's `deleteParticipantStudyDataIn`, their
 * interview recordings and then their interview records: tasks, bookings, history,
 * reflection notes and reviews) (never clinical records, never the
 * consent records, which are the evidence of what was agreed and withdrawn). Audited with
 * counts only.
 */
export async function withdrawParticipant(
  trx: Executor,
  clock: Clock,
  participant: ParticipantRow,
  by: WithdrawnBy,
): Promise<{ participantStatus: 'withdrawn'; withdrawalData: 'kept' | 'deleted' }> {
  if (!canMoveParticipant(participant.status, 'withdrawn'))
    throw new AppError(
      'conflict',
      participant.status === 'withdrawn'
        ? 'This participant has already withdrawn.'
        : `A ${participant.status} participant cannot withdraw.`,
    );
  const now = clock().toISOString();
  const withdrawalData = participant.withdrawalPolicy === 'delete' ? 'deleted' : 'kept';
  if (
    !(await updateParticipantStatus(
      trx,
      participant.id,
      participant.status,
      'withdrawn',
      now,
      withdrawalData,
    ))
  )
    throw new AppError('conflict', 'The participant changed meanwhile; please reload.');
  await insertParticipantEvent(trx, {
    id: randomUUID(),
    organizationId: participant.organizationId,
    studyId: participant.studyId,
    participantId: participant.id,
    status: 'withdrawn',
    actorKind: by.kind,
    actorId: by.id,
    at: now,
  });
  const revokedLinks = await revokeOpenInvitations(trx, participant.id);
  const formsRemoved = await withdrawStudyFormsFromOpenRequests(
    trx,
    participant.organizationId,
    participant.id,
    clock(),
  );
  const interviewsWithdrawn = await withdrawParticipantInterviews(
    trx,
    clock,
    participant.organizationId,
    participant.id,
  );
  const deleted =
    withdrawalData === 'deleted'
      ? await deleteParticipantStudyDataIn(
          trx,
          clock,
          {
            organizationId: participant.organizationId,
            studyId: participant.studyId,
            participantId: participant.id,
          },
          {
            type: by.kind === 'staff' ? 'staff' : 'client',
            id: by.id,
            ip: by.ip,
            requestId: by.requestId,
          },
        )
      : { responses: 0, scores: 0, items: 0 };
  // Interview recordings are the person's voice: they go with the rest of the study's data.
  const deletedRecordings =
    withdrawalData === 'deleted'
      ? await deleteWithdrawnParticipantRecordings(trx, clock, {
          organizationId: participant.organizationId,
          studyId: participant.studyId,
          participantId: participant.id,
        })
      : 0;
  // Then the interviews themselves: tasks, bookings, history, reflection notes, reviews.
  const deletedInterviews =
    withdrawalData === 'deleted'
      ? await deleteParticipantInterviewRecords(trx, {
          organizationId: participant.organizationId,
          studyId: participant.studyId,
          participantId: participant.id,
        })
      : 0;
  await recordAudit(trx, clock, {
    organizationId: participant.organizationId,
    actorType: by.kind === 'staff' ? 'staff' : 'client',
    actorId: by.id,
    action: 'study-participant.withdraw',
    entityType: 'study_participant',
    entityId: participant.id,
    ip: by.ip,
    requestId: by.requestId,
    details: {
      studyId: participant.studyId,
      withdrawalData,
      revokedLinks,
      formsRemoved,
      interviewsWithdrawn,
      deletedResponses: deleted.responses,
      deletedScores: deleted.scores,
      deletedRequestItems: deleted.items,
      deletedRecordings,
      deletedInterviews,
    },
  });
  return { participantStatus: 'withdrawn', withdrawalData };
}
