/**
 * Bodies of an interview's own page (issue 17, items 6 and 7): its recordings, the
 * interviewer's reflection note with its history, and a senior researcher's review; and the
 * seniors' review queue. Notes and feedback are the study team's only.
 */
import { z } from 'zod';
import { AUDIO_MEDIA_TYPES } from '../research/audio-signature.ts';
import {
  interviewRespondentSchema,
  interviewStatusSchema,
  interviewTaskSchema,
} from './research-interviews.ts';

export const REFLECTION_MAX_CHARS = 20_000;
export const REVIEW_FEEDBACK_MAX_CHARS = 10_000;

export const interviewRecordingSchema = z.object({
  id: z.string(),
  mediaType: z.enum(AUDIO_MEDIA_TYPES),
  /** The audio's size in bytes. */
  sizeBytes: z.number(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
export type InterviewRecording = z.infer<typeof interviewRecordingSchema>;

export const reflectionNoteInputSchema = z.strictObject({
  /** Immediate thoughts, own assumptions, anything that may colour the analysis. */
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(REFLECTION_MAX_CHARS, `must be at most ${REFLECTION_MAX_CHARS} characters`),
});
export type ReflectionNoteInput = z.input<typeof reflectionNoteInputSchema>;

export const interviewReflectionSchema = z.object({
  body: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  savedAt: z.string(),
  /** Every earlier version, newest first. */
  history: z.array(z.object({ body: z.string(), savedAt: z.string() })),
});
export type InterviewReflection = z.infer<typeof interviewReflectionSchema>;

export const interviewReviewInputSchema = z
  .strictObject({
    feedback: z
      .string()
      .trim()
      .max(REVIEW_FEEDBACK_MAX_CHARS, `must be at most ${REVIEW_FEEDBACK_MAX_CHARS} characters`)
      .nullable()
      .transform((f) => (f === '' ? null : f)),
    reviewed: z.boolean(),
    debriefed: z.boolean(),
  })
  .refine((r) => r.reviewed || !r.debriefed, {
    message: 'an interviewer is debriefed on a reviewed interview: mark it reviewed too',
    path: ['debriefed'],
  });
export type InterviewReviewInput = z.input<typeof interviewReviewInputSchema>;

export const interviewReviewSchema = z.object({
  feedback: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  debriefedBy: z.string().nullable(),
  debriefedAt: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type InterviewReview = z.infer<typeof interviewReviewSchema>;

export const interviewDetailSchema = z.object({
  task: interviewTaskSchema,
  interviewer: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  recordings: z.array(interviewRecordingSchema),
  reflection: interviewReflectionSchema.nullable(),
  review: interviewReviewSchema.nullable(),
  /** What the caller may do here. */
  viewer: z.object({ mayWriteReflection: z.boolean(), mayReview: z.boolean() }),
  /** The largest recording the server accepts, in bytes. */
  maxRecordingBytes: z.number(),
});
export type InterviewDetail = z.infer<typeof interviewDetailSchema>;

export const reviewQueueItemSchema = z.object({
  taskId: z.string(),
  pseudonym: z.string(),
  respondent: interviewRespondentSchema,
  sessionNumber: z.int(),
  status: interviewStatusSchema,
  interviewerId: z.string(),
  interviewerName: z.string(),
  startsAt: z.string(),
  /** 1 for the interviewer's first held interview in the study, 2 for the next, … */
  interviewerSequence: z.int(),
  recordings: z.int(),
  hasReflection: z.boolean(),
  reviewedAt: z.string().nullable(),
  debriefedAt: z.string().nullable(),
});
export type ReviewQueueItem = z.infer<typeof reviewQueueItemSchema>;
export const reviewQueueSchema = z.object({ interviews: z.array(reviewQueueItemSchema) });
