import type { AnsweredForm } from '../../../core/research/analyses/scale-reliability.ts';
import type { ScoreObservation } from '../../../core/research/analyses/study-observations.ts';
import { studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import { consentingParticipant } from '../studies/consenting-participant.repository.ts';

// What a study's analyses read: the forms the study asked (its study_request_item rows,
// clinical or not: the study asked them) that its consenting, not-withdrawn participants
// answered, with their scores or item answers. Scoped in the SQL to the actor's
// organization and to a study whose team they are on; no name, pseudonym or case leaves.

function studyItems(db: Executor, actor: StaffActor, studyId: string) {
  return db
    .selectFrom('study_request_item as i')
    .innerJoin('study_participant as p', (join) =>
      join.onRef('p.id', '=', 'i.participant_id').onRef('p.study_id', '=', 'i.study_id'),
    )
    .innerJoin('questionnaire_response as r', (join) =>
      join
        .onRef('r.request_id', '=', 'i.request_id')
        .onRef('r.instrument_id', '=', 'i.instrument_id')
        .onRef('r.organization_id', '=', 'i.organization_id'),
    )
    .innerJoin('questionnaire_request as q', (join) =>
      join.onRef('q.id', '=', 'r.request_id').onRef('q.organization_id', '=', 'r.organization_id'),
    )
    .innerJoin('therapy_session as t', (join) =>
      join.onRef('t.id', '=', 'q.session_id').onRef('t.organization_id', '=', 'q.organization_id'),
    )
    .where('i.organization_id', '=', actor.organizationId)
    .where('p.organization_id', '=', actor.organizationId)
    .where('i.study_id', '=', studyId)
    .where((eb) => consentingParticipant(eb.ref('p.status')))
    .where((eb) => studyOfTeam(actor, eb.ref('i.study_id')));
}

/** Every scale score of the study's answered forms, oldest answer first. */
export async function listAnalysisScores(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<ScoreObservation[]> {
  const rows = await studyItems(db, actor, studyId)
    .innerJoin('score as s', (join) =>
      join.onRef('s.response_id', '=', 'r.id').onRef('s.organization_id', '=', 'r.organization_id'),
    )
    .select([
      'p.id as participant_id',
      'p.role',
      't.id as session_id',
      't.number',
      'r.instrument_id',
      's.scale_id',
      's.value',
      's.item_mean',
    ])
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .orderBy('s.scale_id')
    .execute();
  return rows.map((r) => ({
    participantId: r.participant_id,
    role: r.role,
    sessionId: r.session_id,
    sessionNumber: Number(r.number),
    instrumentId: r.instrument_id,
    scaleId: r.scale_id,
    value: r.value === null ? null : Number(r.value),
    itemMean: r.item_mean === null ? null : Number(r.item_mean),
  }));
}

/** The item answers of the study's answered forms (for reliability), oldest first. */
export async function listAnalysisForms(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<AnsweredForm[]> {
  const rows = await studyItems(db, actor, studyId)
    .select(['p.id as participant_id', 't.number', 'r.instrument_id', 'r.answers'])
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    participantId: r.participant_id,
    sessionNumber: Number(r.number),
    instrumentId: r.instrument_id,
    answers: JSON.parse(r.answers) as Record<string, unknown>,
  }));
}
