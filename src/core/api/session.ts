/**
 * Bodies of the session routes (src/server/sessions/session.routes.ts): the server validates
 * and documents with these schemas, the web app (src/web/sessions) infers its types from them.
 */
import { z } from 'zod';
import { ATTENDANCE_STATES, SESSION_MODALITIES } from '../sessions/session-vocabulary.ts';

/** An ISO 8601 instant with its offset (Z or ±hh:mm); stored as UTC. */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with its offset' })
  .transform((value) => new Date(value).toISOString());

const isLanguageTag = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};
/** A BCP 47 language tag such as `es` or `pt-BR`; canonicalised. */
export const languageSchema = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .refine(isLanguageTag, 'must be a language tag such as en, es or pt-BR')
  .transform((tag) => Intl.getCanonicalLocales(tag)[0]!);

export const modalitySchema = z.enum(SESSION_MODALITIES);
export const attendanceSchema = z.enum(ATTENDANCE_STATES);
export const accessSchema = z.enum(['write', 'read']);

export const sessionSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  number: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  attendance: attendanceSchema,
  modality: modalitySchema,
  language: z.string(),
  interpreterId: z.string().nullable(),
});

/** A session as GET /api/sessions/:sessionId returns it. */
export const sessionDetailSchema = sessionSchema.extend({
  caseReference: z.string(),
  clinicTimeZone: z.string(),
  interpreterName: z.string().nullable(),
  access: accessSchema,
});
export type SessionView = z.infer<typeof sessionDetailSchema>;

/**
 * Something staff should know about a session they just saved, which did not stop the save:
 * the interpreter they assigned interpreted (or is booked for) a research interview of a
 * client or therapist of this case (issue 17, item 5). A key and parameters: the page words it.
 */
export const sessionWarningSchema = z.object({
  code: z.literal('interpreter-interviewed'),
  interpreterName: z.string(),
  respondent: z.enum(['client', 'therapist']),
});
export type SessionWarning = z.infer<typeof sessionWarningSchema>;

/** A session as POST and PATCH return it: the session, and any warnings about the save. */
export const sessionWriteResultSchema = sessionDetailSchema.extend({
  warnings: z.array(sessionWarningSchema),
});
export type SessionWriteResult = z.infer<typeof sessionWriteResultSchema>;

export const caseSessionsSchema = z.object({
  caseId: z.string(),
  caseReference: z.string(),
  clinicTimeZone: z.string(),
  access: accessSchema,
  sessions: z.array(sessionSchema),
});
export type CaseSessions = z.infer<typeof caseSessionsSchema>;

export const createSessionBodySchema = z.strictObject({
  startsAt: instantSchema,
  endsAt: instantSchema,
  modality: modalitySchema,
  language: languageSchema,
  interpreterId: z.uuid().nullable().default(null),
});
/** A new session's fields, as the web app's form holds and sends them. */
export type SessionFields = z.infer<typeof createSessionBodySchema>;

export const updateSessionBodySchema = z
  .strictObject({
    startsAt: instantSchema.optional(),
    endsAt: instantSchema.optional(),
    modality: modalitySchema.optional(),
    language: languageSchema.optional(),
    interpreterId: z.uuid().nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type SessionChanges = z.input<typeof updateSessionBodySchema>;

export const attendanceBodySchema = z.strictObject({ attendance: attendanceSchema });

export const attendanceResultSchema = z.object({
  attendance: attendanceSchema,
  requestsCreated: z.number().int(),
  requestsRevoked: z.number().int(),
});
export type AttendanceResult = z.infer<typeof attendanceResultSchema>;
