import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { studyDashboardSchema } from '../../../core/api/research-dashboard.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import type { StudyDeps } from '../studies/study.service.ts';
import { readStudyDashboard } from './study-dashboard.service.ts';

/**
 * The study dashboard (issue 16, item 7): researchers only (403 for every other role), and
 * only for a study whose team they are on (404 for the others), like the other study routes.
 */
export const studyDashboardRoutes =
  (deps: StudyDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/research/studies/:studyId/dashboard',
      {
        schema: {
          summary:
            "The study's dashboard: enrolment, consents by version, re-consent, forms, consents per week (counts and pseudonyms only)",
          tags: ['research'],
          params: z.object({ studyId: z.uuid() }),
          response: { 200: studyDashboardSchema },
        },
      },
      async (request) =>
        readStudyDashboard(
          deps,
          requireStaff(request),
          request.params.studyId,
          requestOrigin(request),
        ),
    );
  };
