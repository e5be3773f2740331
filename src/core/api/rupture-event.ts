/**
 * Bodies of recorded ruptures and repairs (src/server/repairs/rupture-event.routes.ts); the
 * web form (src/web/repairs) infers what it sends from them.
 */
import { z } from 'zod';
import {
  REPAIR_STRATEGIES,
  RUPTURE_MARKERS,
  RUPTURE_OUTCOMES,
} from '../repairs/repair-vocabulary.ts';

export const ruptureEventSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  sessionId: z.string(),
  sessionNumber: z.number(),
  alertId: z.string().nullable(),
  recordedBy: z.string(),
  markers: z.array(z.enum(RUPTURE_MARKERS)),
  strategies: z.array(z.enum(REPAIR_STRATEGIES)),
  description: z.string(),
  outcome: z.enum(RUPTURE_OUTCOMES),
  flaggedForSupervision: z.boolean(),
  createdAt: z.string(),
});
export type RuptureEventView = z.infer<typeof ruptureEventSchema>;

export const ruptureEventsSchema = z.object({ events: z.array(ruptureEventSchema) });

export const recordRuptureEventBodySchema = z.strictObject({
  sessionId: z.uuid(),
  markers: z.array(z.enum(RUPTURE_MARKERS)).max(RUPTURE_MARKERS.length),
  strategies: z.array(z.enum(REPAIR_STRATEGIES)).max(REPAIR_STRATEGIES.length),
  description: z.string().trim().min(1).max(4000),
  outcome: z.enum(RUPTURE_OUTCOMES),
  alertId: z.uuid().optional(),
  flaggedForSupervision: z.boolean().default(false),
});
export type RecordRuptureEventBody = z.input<typeof recordRuptureEventBodySchema>;
