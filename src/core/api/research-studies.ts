/**
 * Bodies of the researcher's study routes (src/server/research/studies/): studies with their
 * clinics, team and measures, consent versions per language, and the participant list by
 * pseudonym. The server validates and documents with these schemas; the web app
 * (src/web/research) infers its types from them.
 */
import { z } from 'zod';
import { EXPORT_DATE_HANDLINGS } from '../research/export/export-settings.ts';
import { DEFAULT_MIN_CELL } from '../research/small-cells.ts';
import { STUDY_STATUSES } from '../research/study-rules.ts';
import { languageTagSchema } from './clients.ts';

/** Short free text of a study: trimmed, not empty, at most `max` characters. */
const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const isoDate = z.iso.date('must be a date such as 2026-10-01');

export const STUDY_LIMITS = {
  title: 200,
  protocolSummary: 5_000,
  principalInvestigator: 200,
  ethicsReference: 120,
  /** A consent information sheet runs to a few pages; longer than this is a mistake. */
  informationText: 50_000,
  statement: 1_000,
  statements: 30,
  measures: 40,
  team: 50,
} as const;

export const studyStatusSchema = z.enum(STUDY_STATUSES);
export const withdrawalPolicySchema = z.enum(['keep', 'delete']);
export const studyRespondentSchema = z.enum(['client', 'therapist']);
export const measureTimingSchema = z.enum(['enrolment', 'sessions']);
export const exportDateHandlingSchema = z.enum(EXPORT_DATE_HANDLINGS);
/** k of the small-cell rule: a group of fewer than k people is withheld. */
export const minCellSizeSchema = z.int().min(2).max(100);

export const studyClinicSchema = z.object({
  clinicId: z.uuid(),
  targetEnrolment: z.int().min(0).max(10_000),
});

export const studyTeamMemberSchema = z.object({
  staffUserId: z.uuid(),
  senior: z.boolean(),
});

export const studyMeasureInputSchema = z.strictObject({
  /** An existing measure's id (kept), or left out for a new one. */
  id: z.uuid().optional(),
  instrumentId: line(120),
  respondent: studyRespondentSchema,
  timing: measureTimingSchema,
  /** The sessions of an enrolled case after which it is asked (empty at enrolment). */
  sessionNumbers: z.array(z.int().min(1).max(200)).max(50).default([]),
  /** Per-study option edits of a study form (issue 16, item 5), or null. */
  options: z.record(z.string().max(120), z.unknown()).nullable().default(null),
});

const studyFields = {
  title: line(STUDY_LIMITS.title),
  protocolSummary: line(STUDY_LIMITS.protocolSummary),
  principalInvestigator: line(STUDY_LIMITS.principalInvestigator),
  /** May be empty while the study is a draft awaiting approval. */
  ethicsReference: z.string().trim().max(STUDY_LIMITS.ethicsReference),
  ethicsApprovedOn: isoDate.nullable(),
  withdrawalPolicy: withdrawalPolicySchema,
  therapistAllianceInstrumentId: line(120).nullable(),
  /** Participants consented on a lower version of their language need re-consent. */
  reconsentBelowVersion: z.int().min(2).max(1000).nullable(),
  clinics: z.array(studyClinicSchema).min(1).max(100),
  team: z.array(studyTeamMemberSchema).min(1).max(STUDY_LIMITS.team),
  measures: z.array(studyMeasureInputSchema).max(STUDY_LIMITS.measures),
  minCellSize: minCellSizeSchema,
  exportDates: exportDateHandlingSchema,
  /** Whether an export may carry free-text answers; they are left out unless it may. */
  exportFreeText: z.boolean(),
};

/**
 * Days after an interview its recordings are kept, then deleted by the daily recording
 * retention job; null keeps them until the study's team or a withdrawal deletes them.
 */
const recordingRetentionDays = z
  .int('must be a whole number of days')
  .min(1, 'must be between 1 and 36500 days')
  .max(36_500, 'must be between 1 and 36500 days')
  .nullable();

// A new study may leave the export settings and the recording retention out and gets the
// defaults; a change names only what it changes (so no default may fill in a field it left out).
export const newStudySchema = z.strictObject({
  ...studyFields,
  recordingRetentionDays: recordingRetentionDays.default(null),
  minCellSize: minCellSizeSchema.default(DEFAULT_MIN_CELL),
  exportDates: exportDateHandlingSchema.default('shift'),
  exportFreeText: z.boolean().default(false),
});
export type NewStudyInput = z.input<typeof newStudySchema>;
export type NewStudy = z.infer<typeof newStudySchema>;

export const studyChangesSchema = z
  .strictObject({
    ...(Object.fromEntries(Object.entries(studyFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof studyFields]: z.ZodOptional<(typeof studyFields)[K]>;
    }),
    status: studyStatusSchema.optional(),
    recordingRetentionDays: recordingRetentionDays.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type StudyChangesInput = z.input<typeof studyChangesSchema>;
export type StudyChanges = z.infer<typeof studyChangesSchema>;

export const studyMeasureSchema = z.object({
  id: z.string(),
  instrumentId: z.string(),
  respondent: studyRespondentSchema,
  timing: measureTimingSchema,
  sessionNumbers: z.array(z.number()),
  options: z.record(z.string(), z.unknown()).nullable(),
});
export type StudyMeasureView = z.infer<typeof studyMeasureSchema>;

export const studySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: studyStatusSchema,
  principalInvestigator: z.string(),
  participants: z.number(),
  updatedAt: z.string(),
});
export type StudySummaryView = z.infer<typeof studySummarySchema>;
export const studyListSchema = z.object({ studies: z.array(studySummarySchema) });
export type StudyList = z.infer<typeof studyListSchema>;

export const studySchema = z.object({
  id: z.string(),
  title: z.string(),
  protocolSummary: z.string(),
  principalInvestigator: z.string(),
  ethicsReference: z.string(),
  ethicsApprovedOn: z.string().nullable(),
  status: studyStatusSchema,
  withdrawalPolicy: withdrawalPolicySchema,
  therapistAllianceInstrumentId: z.string().nullable(),
  reconsentBelowVersion: z.number().nullable(),
  recordingRetentionDays: z.number().nullable(),
  minCellSize: z.number(),
  exportDates: exportDateHandlingSchema,
  exportFreeText: z.boolean(),
  clinics: z.array(studyClinicSchema.extend({ clinicId: z.string(), name: z.string() })),
  team: z.array(studyTeamMemberSchema.extend({ staffUserId: z.string(), displayName: z.string() })),
  measures: z.array(studyMeasureSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StudyView = z.infer<typeof studySchema>;

/** What the study form offers: the organization's clinics, researchers and instruments. */
export const studyChoicesSchema = z.object({
  clinics: z.array(z.object({ id: z.string(), name: z.string() })),
  researchers: z.array(z.object({ id: z.string(), displayName: z.string() })),
  instruments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      perspective: z.string(),
    }),
  ),
});
export type StudyChoices = z.infer<typeof studyChoicesSchema>;

const consentFields = {
  /** Markdown without raw HTML (informationTextProblem). */
  informationText: z.string().max(STUDY_LIMITS.informationText),
  statements: z.array(line(STUDY_LIMITS.statement)).min(1).max(STUDY_LIMITS.statements),
  effectiveFrom: isoDate,
};

export const newConsentVersionSchema = z.strictObject({
  language: languageTagSchema,
  ...consentFields,
});
export type NewConsentVersionInput = z.input<typeof newConsentVersionSchema>;

/** PUT: every field again; the language and number of a version never change. */
export const consentVersionReplacementSchema = z.strictObject(consentFields);
export type ConsentVersionReplacement = z.infer<typeof consentVersionReplacementSchema>;

export const consentVersionChangesSchema = z
  .strictObject({
    informationText: consentFields.informationText.optional(),
    statements: consentFields.statements.optional(),
    effectiveFrom: consentFields.effectiveFrom.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type ConsentVersionChanges = z.infer<typeof consentVersionChangesSchema>;

export const consentVersionSchema = z.object({
  id: z.string(),
  studyId: z.string(),
  language: z.string(),
  version: z.number(),
  informationText: z.string(),
  statements: z.array(z.string()),
  effectiveFrom: z.string(),
  /** How many consent records reference it; a signed version can no longer change. */
  signatures: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConsentVersionView = z.infer<typeof consentVersionSchema>;
export const consentVersionListSchema = z.object({
  consentVersions: z.array(consentVersionSchema),
});
export type ConsentVersionList = z.infer<typeof consentVersionListSchema>;

export const studyParticipantSchema = z.object({
  id: z.string(),
  /** The only name the study team sees. */
  pseudonym: z.string(),
  role: studyRespondentSchema,
  clinicId: z.string(),
  clinicName: z.string(),
  status: z.enum(['invited', 'consented', 'declined', 'withdrawn', 'completed']),
  needsGuardian: z.boolean(),
  /** The latest consent record's version, language and date (none while invited). */
  consentVersion: z.number().nullable(),
  consentLanguage: z.string().nullable(),
  consentedAt: z.string().nullable(),
  /** True when the study asks re-consent below a version and this consent is below it. */
  needsReconsent: z.boolean(),
  steps: z.array(z.object({ status: z.string(), at: z.string() })),
});
export type StudyParticipantView = z.infer<typeof studyParticipantSchema>;
export const studyParticipantListSchema = z.object({
  participants: z.array(studyParticipantSchema),
});
export type StudyParticipantList = z.infer<typeof studyParticipantListSchema>;
