import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionAnswersSchema } from '../../core/api/session-answers.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { readSessionAnswers } from './session-answers.service.ts';

/** What a session's respondents answered, for its case's therapists and supervisors. */
export const sessionAnswersRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/sessions/:sessionId/answers',
      {
        schema: {
          summary:
            "A session's completed forms item by item, risk items first (its case's therapists and supervisors)",
          tags: ['questionnaire'],
          params: z.object({ sessionId: z.uuid() }),
          response: { 200: sessionAnswersSchema },
        },
      },
      async (request) =>
        readSessionAnswers(
          deps,
          requireStaff(request),
          request.params.sessionId,
          requestOrigin(request),
        ),
    );
  };
