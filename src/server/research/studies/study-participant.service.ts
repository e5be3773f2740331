import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { inTransaction } from '../../db/database.ts';
import {
  type TeamParticipantRecord,
  listParticipantsForTeam,
} from './study-participant.repository.ts';
import {
  type StudyDeps,
  auditStudy,
  requireResearcher,
  studyOfTeamOr404,
} from './study.service.ts';

export interface TeamParticipant extends TeamParticipantRecord {
  needsReconsent: boolean;
}

/**
 * The study's participants for its team: pseudonym, role, clinic, status, consent version
 * and date, every step; flagged for re-consent when the study asks it below a version and
 * their consent is on a lower one. Read-only, and audited like every read of study data.
 */
export async function listParticipants(
  deps: StudyDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<TeamParticipant[]> {
  requireResearcher(actor);
  return inTransaction(deps.db, async (trx) => {
    const study = await studyOfTeamOr404(trx, actor, studyId);
    const participants = await listParticipantsForTeam(trx, actor, studyId);
    await auditStudy(
      trx,
      deps,
      actor,
      origin,
      'study.participants.list',
      { type: 'study', id: studyId },
      { count: participants.length },
    );
    const below = study.reconsentBelowVersion;
    return participants.map((p) => ({
      ...p,
      needsReconsent:
        below !== null &&
        p.status === 'consented' &&
        p.consentVersion !== null &&
        p.consentVersion < below,
    }));
  });
}
