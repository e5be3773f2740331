import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseViewSchema } from '../../core/api/case-view.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { readCaseView } from './case-view.service.ts';

export const caseViewRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId',
      {
        // readCaseView audits every attempt itself, as 'case.read'.
        config: { auditsOwnDenials: true },
        schema: {
          summary:
            'One case: people, sessions with their forms, alliance and outcome series, ruptures and repairs (404 outside your reach)',
          tags: ['cases'],
          // Any string: a malformed id answers 404 like an unknown one, not 400.
          params: z.object({ caseId: z.string().max(200) }),
          response: { 200: caseViewSchema },
        },
      },
      async (request) =>
        readCaseView(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          requestOrigin(request),
        ),
    );
  };
