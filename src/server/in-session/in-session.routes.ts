import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inSessionViewSchema, startInSessionBodySchema } from '../../core/api/in-session.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireInSessionStaff, requireStaff } from '../http/authenticate.ts';
import { readInSessionView, startInSessionView } from './in-session.service.ts';

const tags = ['cases'];

export const inSessionRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/cases/:caseId/in-session',
      {
        schema: {
          summary:
            'Show one client member their own charts on this device: the session refuses every other staff route until someone signs in again',
          tags,
          params: z.object({ caseId: z.uuid() }),
          body: startInSessionBodySchema,
        },
      },
      async (request, reply) => {
        await startInSessionView(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          request.body.clientId,
          requestOrigin(request),
        );
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/in-session',
      {
        schema: {
          summary:
            "The in-session view: the shown client's own outcome and alliance trajectories, nothing else (404 outside in-session mode)",
          tags,
          response: { 200: inSessionViewSchema },
        },
      },
      async (request, reply) => {
        const { actor, mode } = requireInSessionStaff(request);
        reply.header('cache-control', 'no-store');
        return readInSessionView(deps.db, deps.clock, actor, mode, requestOrigin(request));
      },
    );
  };
