/**
 * Bodies of the client's questionnaire routes (src/server/measurement/questionnaire.routes.ts),
 * also used by the therapist's own forms (therapist-forms.ts). The questionnaire page
 * (src/web/questionnaire) imports only types from here, so no schema code reaches its bundle.
 */
import { z } from 'zod';

export const formOptionSchema = z.object({ value: z.number(), label: z.string() });
export type FormOption = z.infer<typeof formOptionSchema>;

export const formItemSchema = z.object({
  id: z.string(),
  type: z.enum(['choice', 'text']),
  text: z.string(),
  required: z.boolean(),
  enableWhen: z
    .object({ item: z.string(), operator: z.enum(['=', '!=']), value: z.number() })
    .nullable(),
  options: z.array(formOptionSchema),
});
export type FormItem = z.infer<typeof formItemSchema>;

export const questionnaireFormSchema = z.object({
  id: z.string(),
  title: z.string(),
  language: z.string(),
  /** No text in the respondent's language: shown in `language`, and the page says so. */
  languageMissing: z.boolean(),
  instructions: z.string().nullable(),
  answered: z.boolean(),
  items: z.array(formItemSchema),
});
export type QuestionnaireForm = z.infer<typeof questionnaireFormSchema>;

export const progressSchema = z.object({ answered: z.number(), total: z.number() });

/** GET /api/public/questionnaire: the forms of the visit's request, in its language. */
export const questionnaireViewSchema = z.object({
  language: z.enum(['en', 'es']),
  storageKey: z.string(),
  firstName: z.string().nullable(),
  dataNotice: z.string().nullable(),
  progress: progressSchema,
  forms: z.array(questionnaireFormSchema),
});
export type QuestionnaireView = z.infer<typeof questionnaireViewSchema>;

// Item ids are 1-based positions; anything else (including `__proto__`) is refused here.
export const answersSchema = z
  .record(
    z.string().regex(/^[1-9][0-9]{0,3}$/),
    z.union([z.number().finite(), z.string().max(4000), z.null()]),
  )
  .refine((answers) => Object.keys(answers).length <= 200, 'too many answers');
export type Answers = z.infer<typeof answersSchema>;

/** One form's answers; a retry with the same submissionId is stored once. */
export const submissionSchema = z.strictObject({
  submissionId: z.uuid(),
  instrumentId: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  answers: answersSchema,
});
export type Submission = z.infer<typeof submissionSchema>;

export const submissionReceiptSchema = z.object({
  responseId: z.string(),
  stored: z.boolean(),
  requestCompleted: z.boolean(),
  progress: progressSchema,
});
export type SubmissionReceipt = z.infer<typeof submissionReceiptSchema>;
