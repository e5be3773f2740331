import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  analysisQuerySchema,
  analysisTableNameSchema,
  studyAnalysesSchema,
} from '../../../core/api/research-analyses.ts';
import type { AnalysisView } from '../../../core/research/analyses/study-observations.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import { sendCsvAttachment } from '../../http/csv-attachment.ts';
import type { StudyDeps } from '../studies/study.service.ts';
import { exportAnalysisTable, readStudyAnalyses } from './study-analyses.service.ts';

const tags = ['research'];
const toView = (view: 'across' | number): AnalysisView =>
  view === 'across' ? 'across' : { session: view };

/**
 * A study's analyses (issue 18, item 5) and each of their tables as CSV: researchers only
 * (403 for every other role), and only for a study whose team they are on (404 for the
 * others), like the other study routes.
 */
export const studyAnalysesRoutes =
  (deps: StudyDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/research/studies/:studyId/analyses',
      {
        schema: {
          summary:
            "The study's analyses: H7 correlations, client vs therapist agreement, reliability, lagged mixed model (consenting participants, small cells withheld)",
          tags,
          params: z.object({ studyId: z.uuid() }),
          querystring: analysisQuerySchema,
          response: { 200: studyAnalysesSchema },
        },
      },
      async (request) =>
        readStudyAnalyses(
          deps,
          requireStaff(request),
          request.params.studyId,
          toView(request.query.view),
          requestOrigin(request),
        ),
    );

    app.get(
      '/api/research/studies/:studyId/analyses/:table/csv',
      {
        schema: {
          summary: 'One analysis table as CSV (h7, agreement, reliability or mixed)',
          tags,
          params: z.object({ studyId: z.uuid(), table: analysisTableNameSchema }),
          querystring: analysisQuerySchema,
          response: { 200: z.string() },
        },
      },
      async (request, reply) => {
        const file = await exportAnalysisTable(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.table,
          toView(request.query.view),
          requestOrigin(request),
        );
        return sendCsvAttachment(reply, file);
      },
    );
  };
