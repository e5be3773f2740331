import { AppError, notFound } from '../../../core/app-error.ts';
import {
  type InterviewDetail,
  type InterviewReflection,
  type InterviewReview,
  type InterviewReviewInput,
  type ReflectionNoteInput,
  type ReviewQueueItem,
  interviewReviewInputSchema,
  reflectionNoteInputSchema,
} from '../../../core/api/research-interview-review.ts';
import type { RequestOrigin } from '../../auth/auth-deps.ts';
import type { StaffActor } from '../../auth/staff-actor.ts';
import { recordStaffAudit } from '../../audit/audit.service.ts';
import { inTransaction } from '../../db/database.ts';
import { findTaskForTeam } from '../interviews/interview.repository.ts';
import { taskWithHistory } from '../interviews/interview.service.ts';
import {
  type RecordingDeps,
  heldTaskOfTeam,
  listInterviewRecordings,
} from '../recordings/recording.service.ts';
import { studyOfTeamOr404 } from '../studies/study.service.ts';
import {
  type ReflectionRevision,
  type ReviewRecord,
  findReviewForTeam,
  findStaffName,
  insertReflectionRevision,
  isSeniorOfStudy,
  listHeldInterviewsForSeniors,
  listReflectionRevisions,
  saveReview,
} from './interview-review.repository.ts';

// An interview's own page (issue 17, item 6): the interviewer's reflection note and a
// senior researcher's review, beside its recordings. The study's team reads them (404 for
// anyone else, whatever their role); only the interviewer writes the note, only its author
// edits it, only a senior researcher of the study reviews (403 with a message). Audited with
// ids only: a note and feedback are free text and never leave their rows.

const reflectionOut = (revisions: ReflectionRevision[]): InterviewReflection | null => {
  const [current, ...earlier] = revisions;
  if (!current) return null;
  return {
    body: current.body,
    // The note's author is the first to have written it.
    authorId: revisions.at(-1)!.authorId,
    authorName: revisions.at(-1)!.authorName,
    savedAt: current.savedAt,
    history: earlier.map((r) => ({ body: r.body, savedAt: r.savedAt })),
  };
};

const reviewOut = (r: ReviewRecord): InterviewReview => ({ ...r });

const notSenior = () =>
  new AppError(
    'forbidden',
    'Only a senior researcher of this study reviews interviews; ask one of them to review it.',
  );

/** The interview, its recordings, reflection note and review: one audited read. */
export async function readInterview(
  deps: RecordingDeps,
  actor: StaffActor,
  ids: { studyId: string; taskId: string },
  origin: RequestOrigin,
): Promise<InterviewDetail> {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, ids.studyId);
    const found = await findTaskForTeam(trx, actor, ids.studyId, ids.taskId);
    if (!found) throw notFound('Interview');
    const task = await taskWithHistory(trx, actor, found);
    const recordings = await listInterviewRecordings(trx, actor, ids.studyId, task.id);
    const revisions = await listReflectionRevisions(trx, actor, ids.studyId, task.id);
    const review = await findReviewForTeam(trx, actor, ids.studyId, task.id);
    const senior = await isSeniorOfStudy(trx, actor, ids.studyId);
    const interviewerId = task.booking?.interviewerId;
    const interviewerName =
      interviewerId && (await findStaffName(trx, actor.organizationId, interviewerId));
    const reflection = reflectionOut(revisions);
    const held = task.status === 'completed' || task.status === 'partial';
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'interview-task.read',
      entityType: 'interview_task',
      entityId: task.id,
      details: {
        recordings: recordings.length,
        reflection: reflection ? 1 : 0,
        review: review ? 1 : 0,
      },
    });
    return {
      task,
      interviewer:
        interviewerId && interviewerName
          ? { id: interviewerId, displayName: interviewerName }
          : null,
      recordings,
      reflection,
      review: review ? reviewOut(review) : null,
      viewer: {
        mayWriteReflection:
          held &&
          interviewerId === actor.userId &&
          (reflection === null || reflection.authorId === actor.userId),
        mayReview: held && senior,
      },
      maxRecordingBytes: deps.recordings?.maxBytes ?? 0,
    };
  });
}

/**
 * Writes the reflection note of a held interview, or its next version (the earlier ones
 * are kept). Only the interview's interviewer writes it; only its author edits it.
 */
export async function writeReflection(
  deps: RecordingDeps,
  actor: StaffActor,
  ids: { studyId: string; taskId: string },
  input: ReflectionNoteInput,
  origin: RequestOrigin,
): Promise<InterviewReflection> {
  const { body } = reflectionNoteInputSchema.parse(input);
  return inTransaction(deps.db, async (trx) => {
    const task = await heldTaskOfTeam(trx, actor, ids.studyId, ids.taskId, {
      lock: true,
      doing: 'write its reflection note',
    });
    const revisions = await listReflectionRevisions(trx, actor, ids.studyId, task.id);
    const author = revisions.at(-1)?.authorId;
    if (author !== undefined && author !== actor.userId)
      throw new AppError('forbidden', 'Only its author edits a reflection note.');
    if (author === undefined && task.booking?.interviewerId !== actor.userId)
      throw new AppError(
        'forbidden',
        "The reflection note is the interviewer's own: only the researcher who held this interview writes it.",
      );
    if (revisions[0]?.body !== body) {
      await insertReflectionRevision(trx, {
        organizationId: actor.organizationId,
        studyId: ids.studyId,
        taskId: task.id,
        authorId: actor.userId,
        body,
        savedAt: deps.clock().toISOString(),
      });
      await recordStaffAudit(trx, deps.clock, actor, origin, {
        action: 'interview-reflection.write',
        entityType: 'interview_task',
        entityId: task.id,
        details: { version: revisions.length + 1 },
      });
    }
    return reflectionOut(await listReflectionRevisions(trx, actor, ids.studyId, task.id))!;
  });
}

/**
 * The seniors' queue: the study's held interviews, those not yet debriefed first, then each
 * interviewer's first interviews before their later ones, then the newest first.
 */
export async function reviewQueue(
  deps: RecordingDeps,
  actor: StaffActor,
  studyId: string,
  origin: RequestOrigin,
): Promise<{ interviews: ReviewQueueItem[] }> {
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, studyId);
    if (!(await isSeniorOfStudy(trx, actor, studyId))) throw notSenior();
    const held = await listHeldInterviewsForSeniors(trx, actor, studyId);
    const sequence = new Map<string, number>();
    const seen = new Map<string, number>();
    for (const i of [...held].sort(
      (a, b) => a.startsAt.localeCompare(b.startsAt) || a.taskId.localeCompare(b.taskId),
    )) {
      const n = (seen.get(i.interviewerId) ?? 0) + 1;
      seen.set(i.interviewerId, n);
      sequence.set(i.taskId, n);
    }
    const interviews = held
      .map((i) => ({ ...i, interviewerSequence: sequence.get(i.taskId)! }))
      .sort(
        (a, b) =>
          Number(a.debriefedAt !== null) - Number(b.debriefedAt !== null) ||
          a.interviewerSequence - b.interviewerSequence ||
          b.startsAt.localeCompare(a.startsAt) ||
          a.taskId.localeCompare(b.taskId),
      );
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'interview-review.queue',
      entityType: 'study',
      entityId: studyId,
      details: { count: interviews.length },
    });
    return { interviews };
  });
}

/**
 * A senior researcher's feedback on a held interview, and whether it is reviewed and the
 * interviewer debriefed; the first time each was marked (and by whom) is kept.
 */
export async function reviewInterview(
  deps: RecordingDeps,
  actor: StaffActor,
  ids: { studyId: string; taskId: string },
  input: InterviewReviewInput,
  origin: RequestOrigin,
): Promise<InterviewReview> {
  const body = interviewReviewInputSchema.parse(input);
  return inTransaction(deps.db, async (trx) => {
    await studyOfTeamOr404(trx, actor, ids.studyId);
    if (!(await isSeniorOfStudy(trx, actor, ids.studyId))) throw notSenior();
    const task = await heldTaskOfTeam(trx, actor, ids.studyId, ids.taskId, {
      lock: true,
      doing: 'review it',
    });
    const before = await findReviewForTeam(trx, actor, ids.studyId, task.id);
    const now = deps.clock().toISOString();
    const mark = (on: boolean, by: string | null | undefined, at: string | null | undefined) =>
      on ? { by: by ?? actor.userId, at: at ?? now } : { by: null, at: null };
    const reviewed = mark(body.reviewed, before?.reviewedBy, before?.reviewedAt);
    const debriefed = mark(body.debriefed, before?.debriefedBy, before?.debriefedAt);
    const review: ReviewRecord = {
      feedback: body.feedback,
      reviewedBy: reviewed.by,
      reviewedAt: reviewed.at,
      debriefedBy: debriefed.by,
      debriefedAt: debriefed.at,
      updatedBy: actor.userId,
      updatedAt: now,
    };
    await saveReview(
      trx,
      { organizationId: actor.organizationId, studyId: ids.studyId, taskId: task.id },
      review,
    );
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'interview-review.update',
      entityType: 'interview_task',
      entityId: task.id,
      details: {
        reviewed: body.reviewed ? 1 : 0,
        debriefed: body.debriefed ? 1 : 0,
        feedback: body.feedback === null ? 0 : 1,
      },
    });
    return reviewOut(review);
  });
}
