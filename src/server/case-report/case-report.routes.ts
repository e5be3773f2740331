import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { printCaseReport } from './case-report.service.ts';
import { CASE_REPORT_LANGUAGES } from './case-report-words.ts';

export const caseReportRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:caseId/report',
      {
        // printCaseReport audits every attempt itself, as 'case.report.print'.
        config: { auditsOwnDenials: true },
        schema: {
          summary:
            'The printable case report as a PDF, in the given language (404 outside your reach)',
          tags: ['cases'],
          // Any string: a malformed id answers 404 like an unknown one, as the case page.
          params: z.object({ caseId: z.string().max(200) }),
          querystring: z.object({ lang: z.enum(CASE_REPORT_LANGUAGES).default('en') }),
        },
      },
      async (request, reply) => {
        const { pdf, reference } = await printCaseReport(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.caseId,
          request.query.lang,
          requestOrigin(request),
        );
        // The reference is ours (letters, digits, hyphens); anything else is dropped.
        const file = `case-report-${reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${file}"`)
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );
  };
