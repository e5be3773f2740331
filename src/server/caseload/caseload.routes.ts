import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { caseloadSchema } from '../../core/api/caseload.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { readCaseload } from './caseload.service.ts';

export const caseloadRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/caseload',
      {
        schema: {
          summary:
            "The signed-in therapist's active cases, and their supervisees' cases (read-only) for a supervisor, most in need of attention first",
          tags: ['cases'],
          response: { 200: caseloadSchema },
        },
      },
      async (request) =>
        readCaseload(deps.db, deps.clock, requireStaff(request), requestOrigin(request)),
    );
  };
