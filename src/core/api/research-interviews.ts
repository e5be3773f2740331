/**
 * Bodies of the IPR interview routes (src/server/research/interviews/): a study's interview
 * schedule and protocol versions, its interview tasks with their deadline in the clinic's
 * zone, bookings, outcomes, and the research interpreter registry.
 */
import { z } from 'zod';
import { INTERVIEW_RESPONDENTS, INTERVIEW_STATUSES } from '../research/interview-vocabulary.ts';
import { modalitySchema } from './session.ts';
import { languageTagSchema } from './clients.ts';

const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const instant = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

export const interviewRespondentSchema = z.enum(INTERVIEW_RESPONDENTS);
export const interviewStatusSchema = z.enum(INTERVIEW_STATUSES);

export const interviewScheduleInputSchema = z.strictObject({
  sessionNumbers: z
    .array(z.int().min(1).max(200))
    .max(50)
    .refine((a) => new Set(a).size === a.length, 'must not repeat a session'),
  respondents: z
    .array(interviewRespondentSchema)
    .min(1, 'must name at least one respondent')
    .refine((a) => new Set(a).size === a.length, 'must not repeat a respondent'),
  /** Exactly this many elapsed hours after the session's end; 48 unless said otherwise. */
  windowHours: z.int().min(1).max(336).default(48),
});
export type InterviewScheduleInput = z.input<typeof interviewScheduleInputSchema>;

export const interviewScheduleSchema = z.object({
  sessionNumbers: z.array(z.int()),
  respondents: z.array(interviewRespondentSchema),
  windowHours: z.int(),
  /** False until the team saves one: no session triggers an interview yet. */
  configured: z.boolean(),
});
export type InterviewSchedule = z.infer<typeof interviewScheduleSchema>;

export const protocolQuestionSchema = z.strictObject({
  question: line(2_000),
  probes: z.array(line(1_000)).max(20).default([]),
});

export const newProtocolVersionSchema = z.strictObject({
  questions: z.array(protocolQuestionSchema).min(1, 'must have a question').max(50),
});
export type NewProtocolVersion = z.input<typeof newProtocolVersionSchema>;

export const protocolVersionSchema = z.object({
  id: z.string(),
  version: z.int(),
  questions: z.array(z.object({ question: z.string(), probes: z.array(z.string()) })),
  createdAt: z.string(),
});
export type ProtocolVersion = z.infer<typeof protocolVersionSchema>;
export const protocolVersionListSchema = z.object({
  protocolVersions: z.array(protocolVersionSchema),
});
export type ProtocolVersionList = z.infer<typeof protocolVersionListSchema>;

const localTimeSchema = z.object({
  /** Wall-clock time in the clinic's zone, "2026-03-30 15:00". */
  local: z.string(),
  abbreviation: z.string(),
  text: z.string(),
});

export const interviewBookingSchema = z.object({
  interviewerId: z.string(),
  startsAt: z.string(),
  startsLocal: localTimeSchema,
  endsAt: z.string(),
  modality: modalitySchema,
  language: z.string(),
  interpreterId: z.string().nullable(),
  bookedBy: z.string(),
  bookedAt: z.string(),
});

export const interviewTaskSchema = z.object({
  id: z.string(),
  participantId: z.string(),
  /** The study pseudonym: the team never sees names. */
  pseudonym: z.string(),
  respondent: interviewRespondentSchema,
  participantStatus: z.string(),
  sessionNumber: z.int(),
  sessionEndsAt: z.string(),
  dueAt: z.string(),
  dueLocal: localTimeSchema,
  timeZone: z.string(),
  status: interviewStatusSchema,
  protocolVersionId: z.string().nullable(),
  covered: z.string().nullable(),
  stopReason: z.string().nullable(),
  booking: interviewBookingSchema.nullable(),
  history: z.array(
    z.object({
      status: interviewStatusSchema,
      actorKind: z.enum(['staff', 'system']),
      actorId: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type InterviewTask = z.infer<typeof interviewTaskSchema>;
export const interviewTaskListSchema = z.object({ tasks: z.array(interviewTaskSchema) });
export type InterviewTaskList = z.infer<typeof interviewTaskListSchema>;

export const interviewBookingInputSchema = z.strictObject({
  /** A member of the study's team. */
  interviewerId: z.uuid(),
  startsAt: instant,
  durationMinutes: z.int().min(10).max(240).default(60),
  modality: modalitySchema,
  language: languageTagSchema,
  interpreterId: z.uuid().nullable().default(null),
});
export type InterviewBookingInput = z.input<typeof interviewBookingInputSchema>;

export const interviewOutcomeInputSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('completed') }),
  z.strictObject({
    outcome: z.literal('partial'),
    /** What was covered before it stopped. */
    covered: line(5_000),
    /** Why it stopped. */
    stopReason: line(2_000),
  }),
  z.strictObject({ outcome: z.literal('declined') }),
  z.strictObject({ outcome: z.literal('missed') }),
]);
export type InterviewOutcomeInput = z.input<typeof interviewOutcomeInputSchema>;

export const researchInterpreterSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  languages: z.array(z.string()),
  clinicalExperience: z.string().nullable(),
  briefedOn: z.string().nullable(),
  briefedBy: z.string().nullable(),
  /** The staff member who gave the briefing. */
  briefedByName: z.string().nullable(),
});
export type ResearchInterpreter = z.infer<typeof researchInterpreterSchema>;
export const researchInterpreterListSchema = z.object({
  interpreters: z.array(researchInterpreterSchema),
});
export type ResearchInterpreterList = z.infer<typeof researchInterpreterListSchema>;

export const newResearchInterpreterSchema = z.strictObject({
  displayName: line(200),
  languages: z.array(languageTagSchema).min(1, 'must name a language').max(20),
  /** Clinical or psychosocial experience: required for research interviews. */
  clinicalExperience: line(2_000),
  /** The confidentiality briefing, when it has already been given. */
  briefedOn: z.iso.date('must be a date such as 2026-10-01').nullable().default(null),
});
export type NewResearchInterpreter = z.input<typeof newResearchInterpreterSchema>;

export const interpreterBriefingSchema = z.strictObject({
  briefedOn: z.iso.date('must be a date such as 2026-10-01'),
});
