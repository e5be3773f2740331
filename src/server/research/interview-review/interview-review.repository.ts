import { studyOfSeniorTeam, studyOfTeam } from '../../access/study-access.repository.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import type { Executor } from '../../db/database.ts';
import type { InterviewReviewTable } from '../../db/database-schema.ts';
import { HELD_INTERVIEW_STATUSES } from '../../../core/research/interview-vocabulary.ts';

// Reflection notes and senior reviews of IPR interviews. Every read for a person goes
// through `studyOfTeam` (the seniors' queue through `studyOfSeniorTeam`).

export interface ReflectionRevision {
  authorId: string;
  authorName: string;
  body: string;
  savedAt: string;
}

/** Every saved version of an interview's reflection note, newest first. */
export async function listReflectionRevisions(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
): Promise<ReflectionRevision[]> {
  const rows = await db
    .selectFrom('interview_reflection_revision as n')
    .innerJoin('staff_user as u', 'u.id', 'n.author_id')
    .select(['n.author_id', 'u.display_name', 'n.body', 'n.saved_at'])
    .where('n.organization_id', '=', actor.organizationId)
    .where('n.study_id', '=', studyId)
    .where('n.task_id', '=', taskId)
    .where((eb) => studyOfTeam(actor, eb.ref('n.study_id')))
    .orderBy('n.id', 'desc')
    .execute();
  return rows.map((r) => ({
    authorId: r.author_id,
    authorName: r.display_name,
    body: r.body,
    savedAt: r.saved_at,
  }));
}

export async function insertReflectionRevision(
  db: Executor,
  row: {
    organizationId: string;
    studyId: string;
    taskId: string;
    authorId: string;
    body: string;
    savedAt: string;
  },
): Promise<void> {
  await db
    .insertInto('interview_reflection_revision')
    .values({
      organization_id: row.organizationId,
      study_id: row.studyId,
      task_id: row.taskId,
      author_id: row.authorId,
      body: row.body,
      saved_at: row.savedAt,
    })
    .execute();
}

export interface ReviewRecord {
  feedback: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  debriefedBy: string | null;
  debriefedAt: string | null;
  updatedBy: string;
  updatedAt: string;
}

const reviewRowToReview = (r: InterviewReviewTable): ReviewRecord => ({
  feedback: r.feedback,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  debriefedBy: r.debriefed_by,
  debriefedAt: r.debriefed_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export async function findReviewForTeam(
  db: Executor,
  actor: StaffActor,
  studyId: string,
  taskId: string,
): Promise<ReviewRecord | undefined> {
  const row = await db
    .selectFrom('interview_review as rv')
    .selectAll('rv')
    .where('rv.organization_id', '=', actor.organizationId)
    .where('rv.study_id', '=', studyId)
    .where('rv.task_id', '=', taskId)
    .where((eb) => studyOfTeam(actor, eb.ref('rv.study_id')))
    .executeTakeFirst();
  return row && reviewRowToReview(row);
}

export async function saveReview(
  db: Executor,
  ids: { organizationId: string; studyId: string; taskId: string },
  review: ReviewRecord,
): Promise<void> {
  const values = {
    feedback: review.feedback,
    reviewed_by: review.reviewedBy,
    reviewed_at: review.reviewedAt,
    debriefed_by: review.debriefedBy,
    debriefed_at: review.debriefedAt,
    updated_by: review.updatedBy,
    updated_at: review.updatedAt,
  };
  await db
    .insertInto('interview_review')
    .values({
      task_id: ids.taskId,
      organization_id: ids.organizationId,
      study_id: ids.studyId,
      ...values,
    })
    .onConflict((oc) => oc.column('task_id').doUpdateSet(values))
    .execute();
}

/** Whether the actor is a senior researcher on the study's team. */
export async function isSeniorOfStudy(
  db: Executor,
  actor: StaffActor,
  studyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('study')
    .select('study.id')
    .where('study.organization_id', '=', actor.organizationId)
    .where('study.id', '=', studyId)
    .where((eb) => studyOfSeniorTeam(actor, eb.ref('study.id')))
    .executeTakeFirst();
  return row !== undefined;
}

export async function findStaffName(
  db: Executor,
  organizationId: string,
  staffUserId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('staff_user')
    .select('display_name')
    .where('organization_id', '=', organizationId)
    .where('id', '=', staffUserId)
    .executeTakeFirst();
  return row?.display_name;
}

/** The study's held, booked interviews with what a reviewer needs to choose one. */
export async function listHeldInterviewsForSeniors(
  db: Executor,
  actor: StaffActor,
  studyId: string,
) {
  const rows = await db
    .selectFrom('interview_task as t')
    .innerJoin('interview_booking as b', 'b.task_id', 't.id')
    .innerJoin('study_participant as sp', 'sp.id', 't.participant_id')
    .innerJoin('therapy_session as s', 's.id', 't.session_id')
    .innerJoin('staff_user as u', 'u.id', 'b.interviewer_id')
    .leftJoin('interview_review as rv', 'rv.task_id', 't.id')
    .select((eb) => [
      't.id',
      'sp.pseudonym',
      'sp.role',
      's.number as session_number',
      't.status',
      'b.interviewer_id',
      'u.display_name',
      'b.starts_at',
      'rv.reviewed_at',
      'rv.debriefed_at',
      eb
        .selectFrom('interview_recording as r')
        .select((c) => c.fn.countAll<number | string>().as('n'))
        .whereRef('r.task_id', '=', 't.id')
        .as('recordings'),
      eb
        .exists(
          eb
            .selectFrom('interview_reflection_revision as n')
            .select('n.task_id')
            .whereRef('n.task_id', '=', 't.id'),
        )
        .as('has_reflection'),
    ])
    .where('t.organization_id', '=', actor.organizationId)
    .where('t.study_id', '=', studyId)
    .where('t.status', 'in', HELD_INTERVIEW_STATUSES)
    .where((eb) => studyOfSeniorTeam(actor, eb.ref('t.study_id')))
    .execute();
  return rows.map((r) => ({
    taskId: r.id,
    pseudonym: r.pseudonym,
    respondent: r.role,
    sessionNumber: r.session_number,
    status: r.status,
    interviewerId: r.interviewer_id,
    interviewerName: r.display_name,
    startsAt: r.starts_at,
    reviewedAt: r.reviewed_at,
    debriefedAt: r.debriefed_at,
    recordings: Number(r.recordings ?? 0),
    hasReflection: Boolean(r.has_reflection),
  }));
}
