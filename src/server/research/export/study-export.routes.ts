import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  newStudyExportSchema,
  studyExportLinkSchema,
  studyExportListSchema,
} from '../../../core/api/research-export.ts';
import { requestOrigin, requireStaff } from '../../http/authenticate.ts';
import {
  type StudyExportDeps,
  createStudyExport,
  downloadStudyExport,
  listExports,
} from './study-export.service.ts';

/**
 * A study's exports (issue 18): researchers on the study's team only (403 for other roles,
 * 404 for a study they are not on), like the other study routes.
 */
export const studyExportRoutes =
  (deps: StudyExportDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/research/studies/:studyId/exports',
      {
        schema: {
          summary:
            'Ask for a de-identified export; gives a download link that works once, for 10 minutes',
          tags: ['research'],
          params: z.object({ studyId: z.uuid() }),
          body: newStudyExportSchema,
          response: { 201: studyExportLinkSchema },
        },
      },
      async (request, reply) => {
        const link = await createStudyExport(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.body,
          requestOrigin(request),
        );
        return reply.code(201).send(link);
      },
    );

    app.get(
      '/api/research/studies/:studyId/exports',
      {
        schema: {
          summary: "The study's exports: who, when, and each one's manifest",
          tags: ['research'],
          params: z.object({ studyId: z.uuid() }),
          response: { 200: studyExportListSchema },
        },
      },
      async (request) => ({
        exports: await listExports(
          deps,
          requireStaff(request),
          request.params.studyId,
          requestOrigin(request),
        ),
      }),
    );

    app.get(
      '/api/research/studies/:studyId/exports/:exportId/download',
      {
        schema: {
          summary:
            'The export as a ZIP (long.csv, wide.csv, codebook.csv, codebook.md, fhir-bundle.json, manifest.json), streamed; the link works once',
          tags: ['research'],
          params: z.object({ studyId: z.uuid(), exportId: z.uuid() }),
        },
      },
      async (request, reply) => {
        const { run } = await downloadStudyExport(
          deps,
          requireStaff(request),
          request.params.studyId,
          request.params.exportId,
          requestOrigin(request),
        );
        const body = new PassThrough();
        run(body).catch((error: unknown) => {
          request.log.error({ err: error }, 'study export failed while streaming');
          body.destroy(error instanceof Error ? error : new Error('export failed'));
        });
        return reply
          .type('application/zip')
          .header('cache-control', 'no-store')
          .header(
            'content-disposition',
            `attachment; filename="study-export-${request.params.exportId}.zip"`,
          )
          .send(body);
      },
    );
  };
