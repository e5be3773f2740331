import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  REPAIR_STRATEGIES,
  RUPTURE_MARKERS,
  RUPTURE_OUTCOMES,
  type RuptureEvent,
} from './rupture-event.repository.ts';
import { listRuptureEvents, recordRuptureEvent } from './rupture-event.service.ts';

const eventSchema = z.object({
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

const toEvent = (e: RuptureEvent): z.infer<typeof eventSchema> => ({ ...e });

const tags = ['repairs'];
const params = z.object({ caseId: z.uuid() });

export const ruptureEventRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId/rupture-events',
      {
        schema: {
          summary: "A case's recorded ruptures and repairs (its therapists and their supervisors)",
          tags,
          params,
          response: { 200: z.object({ events: z.array(eventSchema) }) },
        },
      },
      async (request, reply) => {
        const events = await listRuptureEvents(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        return { events: events.map(toEvent) };
      },
    );

    app.post(
      '/api/cases/:caseId/rupture-events',
      {
        schema: {
          summary: 'Record a rupture and its repair (therapists on the case)',
          tags,
          params,
          body: z.strictObject({
            sessionId: z.uuid(),
            markers: z.array(z.enum(RUPTURE_MARKERS)).max(RUPTURE_MARKERS.length),
            strategies: z.array(z.enum(REPAIR_STRATEGIES)).max(REPAIR_STRATEGIES.length),
            description: z.string().trim().min(1).max(4000),
            outcome: z.enum(RUPTURE_OUTCOMES),
            alertId: z.uuid().optional(),
            flaggedForSupervision: z.boolean().default(false),
          }),
          response: { 201: eventSchema },
        },
      },
      async (request, reply) => {
        const event = await recordRuptureEvent(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          request.body,
          requestOrigin(request),
        );
        reply.code(201);
        return toEvent(event);
      },
    );
  };
