import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  practiceReportQuerySchema,
  practiceReportSchema,
  reportSectionSchema,
} from '../../core/api/practice-report.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { sendCsvAttachment } from '../http/csv-attachment.ts';
import {
  type ReportDeps,
  exportPracticeReportTable,
  readPracticeReport,
} from './practice-report.service.ts';

const tags = ['reports'];

/**
 * The practice report (issue 19, item 4) and each of its tables as CSV: an admin for the
 * clinics they run, a therapist for their own cases (403 for every other role, 404 for a
 * clinic outside the caller's).
 */
export const practiceReportRoutes =
  (deps: ReportDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/reports/practice',
      {
        schema: {
          summary:
            'The practice report: forms asked and completed, alerts, reliable improvement and deterioration (counts and rates, groups under 5 people withheld)',
          tags,
          querystring: practiceReportQuerySchema,
          response: { 200: practiceReportSchema },
        },
      },
      async (request) =>
        readPracticeReport(deps, requireStaff(request), request.query, requestOrigin(request)),
    );

    app.get(
      '/api/reports/practice/:section/csv',
      {
        schema: {
          summary:
            'One table of the practice report as CSV (completion-weeks, completion, alerts, clinic-outcomes or therapist-outcomes)',
          tags,
          params: z.object({ section: reportSectionSchema }),
          querystring: practiceReportQuerySchema,
          response: { 200: z.string() },
        },
      },
      async (request, reply) => {
        const file = await exportPracticeReportTable(
          deps,
          requireStaff(request),
          request.params.section,
          request.query,
          requestOrigin(request),
        );
        return sendCsvAttachment(reply, file);
      },
    );
  };
