import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  allianceSettingsSchema,
  savedAllianceSettingsSchema,
} from '../../core/api/alliance-settings.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type AllianceSettingsBody,
  allianceSettingsBodySchema,
} from './alliance-settings-fields.ts';
import { getAllianceSettings, saveAllianceSettings } from './alliance-settings.service.ts';

const params = z.object({ clinicId: z.uuid() });
const tags = ['admin'];

/** A clinic's alliance rule parameters (docs/alerts.md); admins of that clinic only. */
export const allianceSettingsRoutes =
  (deps: { db: Database; clock: Clock }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/clinics/:clinicId/alliance-settings',
      {
        schema: {
          summary: "A clinic's alliance rule parameters, each with its default (clinic admins)",
          tags,
          params,
          response: { 200: allianceSettingsSchema },
        },
      },
      async (request, reply) => {
        const settings = await getAllianceSettings(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.clinicId,
          requestOrigin(request),
        );
        reply.header('cache-control', 'no-store');
        return settings;
      },
    );

    app.put(
      '/api/admin/clinics/:clinicId/alliance-settings',
      {
        schema: {
          summary:
            "Sets a clinic's alliance rule parameters (values that differ from the defaults) and recomputes its active cases (clinic admins)",
          tags,
          params,
          body: allianceSettingsBodySchema,
          response: { 200: savedAllianceSettingsSchema },
        },
      },
      async (request) =>
        saveAllianceSettings(
          deps.db,
          deps.clock,
          requireStaff(request),
          request.params.clinicId,
          request.body as AllianceSettingsBody,
          requestOrigin(request),
        ),
    );
  };
