/**
 * Bodies of a session's questionnaire requests (src/server/measurement/session-requests.routes.ts).
 */
import { z } from 'zod';
import { REQUEST_OCCASIONS } from '../measurement/request-occasion.ts';
import { mailDeliverySchema } from './mail-delivery.ts';

/** A session's request as GET /api/sessions/:sessionId/requests lists it. */
export const sessionRequestSchema = z.object({
  id: z.string(),
  respondentKind: z.enum(['client', 'therapist']),
  respondentName: z.string(),
  instruments: z.array(z.string()),
  status: z.enum(['open', 'completed', 'expired', 'revoked']),
  expiresAt: z.string(),
  completedAt: z.string().nullable(),
  /** 'end-of-care': asked when the case was closed, against this (its last attended) session. */
  occasion: z.enum(REQUEST_OCCASIONS),
  /** The signed-in therapist's own form: answered from the session page. */
  mine: z.boolean(),
  language: z.string(),
  /** Instruments with no text in `language`: the respondent sees them as published. */
  untranslated: z.array(z.string()),
  /** The link mail to the client (src/core/measurement/mail-delivery.ts); null when none was queued. */
  mail: mailDeliverySchema.nullable(),
});
export type SessionRequest = z.infer<typeof sessionRequestSchema>;

export const sessionRequestsSchema = z.object({
  sessionId: z.string(),
  access: z.enum(['write', 'read']),
  requests: z.array(sessionRequestSchema),
});
export type SessionRequests = z.infer<typeof sessionRequestsSchema>;

/** POST /api/requests/:requestId/link: an open client request's link. */
export const requestLinkSchema = z.object({
  requestId: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});
export type RequestLink = z.infer<typeof requestLinkSchema>;
