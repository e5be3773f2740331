/**
 * Bodies of the supervision routes (src/server/supervision/supervision.routes.ts): the queue
 * and a case's supervision notes; the web app (src/web/supervision) infers its types here.
 */
import { z } from 'zod';
import { findingMessageSchema } from './finding-message.ts';

export const supervisionQueueSchema = z.object({
  alerts: z.array(
    z.object({
      alertId: z.string(),
      caseId: z.string(),
      caseReference: z.string(),
      type: z.string(),
      severity: z.enum(['warning', 'urgent']),
      status: z.enum(['open', 'acknowledged']),
      latestSession: z.number(),
      explanation: findingMessageSchema,
      updatedAt: z.string(),
    }),
  ),
  flaggedSessions: z.array(
    z.object({
      ruptureEventId: z.string(),
      caseId: z.string(),
      caseReference: z.string(),
      sessionNumber: z.number(),
      outcome: z.string(),
      description: z.string(),
      recordedBy: z.string(),
      recordedByName: z.string(),
      createdAt: z.string(),
    }),
  ),
  /** The therapists of every case above, so the queue can be grouped by therapist. */
  cases: z.array(
    z.object({
      caseId: z.string(),
      caseReference: z.string(),
      therapists: z.array(z.object({ id: z.string(), displayName: z.string() })),
    }),
  ),
});
export type SupervisionQueue = z.infer<typeof supervisionQueueSchema>;

export const supervisionNoteSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  sessionId: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export type SupervisionNoteView = z.infer<typeof supervisionNoteSchema>;

export const supervisionNotesSchema = z.object({
  notes: z.array(supervisionNoteSchema),
  timeZone: z.string(),
});
export type SupervisionNotes = z.infer<typeof supervisionNotesSchema>;

export const addSupervisionNoteBodySchema = z.strictObject({
  body: z.string().trim().min(1).max(8000),
  sessionId: z.uuid().optional(),
});
export type AddSupervisionNoteBody = z.input<typeof addSupervisionNoteBodySchema>;
