import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthSchema } from '../../core/api/health.ts';
import type { Database } from '../db/database.ts';
import { checkHealth } from './health.service.ts';

export const healthRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Liveness and database reachability (for load balancers)',
          tags: ['operations'],
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_request, reply) => {
        const health = await checkHealth(db);
        return reply.status(health.status === 'ok' ? 200 : 503).send(health);
      },
    );
  };
