/**
 * Bodies of the therapist's own forms (src/server/measurement/therapist-forms.routes.ts):
 * the therapist side of a session's measurement. The questions and the submission are the
 * client's (questionnaire.ts).
 */
import { z } from 'zod';
import { progressSchema, questionnaireFormSchema } from './questionnaire.ts';

/** One of the signed-in therapist's own open forms; its id is the request's. */
export const myFormRequestSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  sessionId: z.string(),
  sessionNumber: z.number(),
  sessionStartsAt: z.string(),
  clinicTimeZone: z.string(),
  instruments: z.array(z.string()),
  expiresAt: z.string(),
});
export type MyFormRequest = z.infer<typeof myFormRequestSchema>;

/** GET /api/me/forms. */
export const myFormsSchema = z.object({ forms: z.array(myFormRequestSchema) });
export type MyForms = z.infer<typeof myFormsSchema>;

/** GET /api/me/forms/:formId: the request with its questions. */
export const myFormSchema = z.object({
  request: myFormRequestSchema,
  progress: progressSchema,
  forms: z.array(questionnaireFormSchema),
});
export type MyForm = z.infer<typeof myFormSchema>;
