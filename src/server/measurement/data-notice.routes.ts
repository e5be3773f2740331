import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dataNoticeSchema, saveDataNoticeBodySchema } from '../../core/api/data-notice.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import { getDataNotice, updateDataNotice } from './data-notice.service.ts';

const params = z.object({ clinicId: z.uuid() });
const tags = ['admin'];

/** The notice a client reads the first time they open a questionnaire link of the clinic. */
export const dataNoticeRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/clinics/:clinicId/data-notice',
      {
        schema: {
          summary: "A clinic's data notice for clients (clinic admins only)",
          tags,
          params,
          response: { 200: dataNoticeSchema },
        },
      },
      async (request) =>
        getDataNotice(deps, requireStaff(request), request.params.clinicId, requestOrigin(request)),
    );
    app.put(
      '/api/admin/clinics/:clinicId/data-notice',
      {
        schema: {
          summary: "Sets a clinic's data notice for clients (clinic admins only)",
          tags,
          params,
          body: saveDataNoticeBodySchema,
          response: { 200: dataNoticeSchema },
        },
      },
      async (request) =>
        updateDataNotice(
          deps,
          requireStaff(request),
          request.params.clinicId,
          request.body.text,
          requestOrigin(request),
        ),
    );
  };
