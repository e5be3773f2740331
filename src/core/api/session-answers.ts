import { z } from 'zod';
import { REQUEST_OCCASIONS } from '../measurement/request-occasion.ts';

/**
 * What GET /api/sessions/:sessionId/answers answers: every completed form of one session,
 * item by item, with the wording the respondent saw (the instrument version stored with the
 * response, in the request's language). The server validates its answer against this schema
 * (nothing unnamed leaves it); the web app infers its types from it.
 */
export const sessionAnswerItemSchema = z.object({
  id: z.string(),
  type: z.enum(['choice', 'text']),
  text: z.string(),
  /** A choice: the chosen value and its label; null when the item was left unanswered. */
  value: z.number().nullable(),
  label: z.string().nullable(),
  /** A free-text answer; null when none was given. */
  freeText: z.string().nullable(),
  answered: z.boolean(),
  /** Flags of the instrument that this item's answer raised (e.g. `risk` for PHQ-9 item 9 > 0). */
  flags: z.array(z.string()),
});

export const sessionAnswerFormSchema = z.object({
  responseId: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.string(),
  title: z.string(),
  language: z.string(),
  respondentKind: z.enum(['client', 'therapist']),
  /** The client member's given name, or the therapist's display name. */
  respondentName: z.string(),
  submittedAt: z.string(),
  /** 'end-of-care': answered to a request that closing the case asked. */
  occasion: z.enum(REQUEST_OCCASIONS),
  /** Every flag the response raised when it was scored. */
  flags: z.array(z.string()),
  items: z.array(sessionAnswerItemSchema),
});

export const sessionAnswersSchema = z.object({
  sessionId: z.string(),
  caseId: z.string(),
  /** Items that raised the `risk` flag, first, so nobody scrolls past them. */
  risks: z.array(
    z.object({
      responseId: z.string(),
      instrumentId: z.string(),
      respondentName: z.string(),
      itemId: z.string(),
      text: z.string(),
      label: z.string().nullable(),
      value: z.number().nullable(),
    }),
  ),
  forms: z.array(sessionAnswerFormSchema),
});

export type SessionAnswerItem = z.infer<typeof sessionAnswerItemSchema>;
export type SessionAnswerForm = z.infer<typeof sessionAnswerFormSchema>;
export type SessionAnswers = z.infer<typeof sessionAnswersSchema>;
