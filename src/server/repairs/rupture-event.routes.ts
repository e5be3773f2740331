import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type RuptureEventView,
  recordRuptureEventBodySchema,
  ruptureEventSchema,
  ruptureEventsSchema,
} from '../../core/api/rupture-event.ts';
import type { RuptureEvent } from './rupture-event.repository.ts';
import { listRuptureEvents, recordRuptureEvent } from './rupture-event.service.ts';

const toEvent = (e: RuptureEvent): RuptureEventView => ({ ...e });

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
          response: { 200: ruptureEventsSchema },
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
          body: recordRuptureEventBodySchema,
          response: { 201: ruptureEventSchema },
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
