/**
 * Bodies of the interpreter routes (src/server/interpreters/interpreter.routes.ts). The
 * response schema is the guard: no scores, notes or client names can leave through it.
 */
import { z } from 'zod';
import { ATTENDANCE_STATES, SESSION_MODALITIES } from '../sessions/session-vocabulary.ts';

export const interpreterOptionSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  languages: z.array(z.string()),
});
export type InterpreterOption = z.infer<typeof interpreterOptionSchema>;

/** GET /api/interpreters: the organization's interpreters, to assign to a session. */
export const interpreterOptionsSchema = z.object({
  interpreters: z.array(interpreterOptionSchema),
});

/**
 * One assignment as GET /api/interpreter/sessions lists it: its practical details — when,
 * where (the clinic), how, which language, the case's therapists, which case.
 */
export const interpreterSessionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  clinicName: z.string(),
  clinicTimeZone: z.string(),
  modality: z.enum(SESSION_MODALITIES),
  language: z.string(),
  attendance: z.enum(ATTENDANCE_STATES),
  caseReference: z.string(),
  therapists: z.array(z.string()),
});
export type InterpreterSession = z.infer<typeof interpreterSessionSchema>;

export const interpreterSessionsSchema = z.object({
  sessions: z.array(interpreterSessionSchema),
});
export type InterpreterOptions = z.infer<typeof interpreterOptionsSchema>;
export type InterpreterSessions = z.infer<typeof interpreterSessionsSchema>;
