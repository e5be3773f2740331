/**
 * Bodies of the alert routes (src/server/alerts/alert.routes.ts): the server validates and
 * documents with these schemas, the web app (src/web/alerts) infers its types from them.
 */
import { z } from 'zod';
import { findingMessageSchema } from './finding-message.ts';
import { mailDeliverySchema } from './mail-delivery.ts';

export const alertSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  type: z.string(),
  severity: z.enum(['info', 'warning', 'urgent']),
  findingStatus: z.string(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  session: z.number(),
  latestSession: z.number(),
  respondentIds: z.array(z.string()),
  rule: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  evidence: z.record(z.string(), z.unknown()),
  explanation: findingMessageSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
/** An alert as the alert routes return it. */
export type AlertView = z.infer<typeof alertSchema>;

/** GET /api/cases/:caseId/alerts. */
export const caseAlertsSchema = z.object({
  access: z.enum(['write', 'read']),
  alerts: z.array(alertSchema),
  /** The case's members by the name they go by; an alert's respondentIds point into it. */
  members: z.array(z.object({ clientId: z.string(), name: z.string() })),
  /** By alert id: the urgent-alert mail to the signed-in therapist, where one was queued. */
  mailsToYou: z.record(z.string(), mailDeliverySchema),
});
export type CaseAlerts = z.infer<typeof caseAlertsSchema>;

/** POST /api/alerts/:alertId/resolve: an optional note (no body at all is fine too). */
export const resolveAlertBodySchema = z
  .strictObject({ note: z.string().trim().max(4000).optional() })
  .nullish();
export type ResolveAlertBody = z.input<typeof resolveAlertBodySchema>;
