import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientImportBodySchema, clientImportReportSchema } from '../../core/api/client-import.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type ClientImportDeps,
  confirmClientImport,
  previewClientImport,
} from './client-import.service.ts';

const params = z.object({ clinicId: z.uuid() });
// The CSV travels as a JSON string: up to 2,000,000 characters, escaped, in UTF-8.
const bodyLimit = 10 * 1024 * 1024;

/** Importing clients and cases from CSV into a clinic: its admins only (docs/access-policy.md). */
export const clientImportRoutes =
  (deps: ClientImportDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/admin/clinics/:clinicId/client-import/preview',
      {
        bodyLimit,
        schema: {
          summary:
            'Check a client CSV and show what importing it would create; every problem by line and column',
          tags: ['admin'],
          params,
          body: clientImportBodySchema,
          response: { 200: clientImportReportSchema },
        },
      },
      async (request) =>
        previewClientImport(
          deps,
          requireStaff(request),
          request.params.clinicId,
          request.body.csv,
          requestOrigin(request),
        ),
    );

    app.post(
      '/api/admin/clinics/:clinicId/client-import',
      {
        bodyLimit,
        schema: {
          summary:
            'Import a client CSV in one transaction: all of it, or (400, every problem listed) nothing',
          tags: ['admin'],
          params,
          body: clientImportBodySchema,
          response: { 200: clientImportReportSchema },
        },
      },
      async (request) =>
        confirmClientImport(
          deps,
          requireStaff(request),
          request.params.clinicId,
          request.body.csv,
          requestOrigin(request),
        ),
    );
  };
