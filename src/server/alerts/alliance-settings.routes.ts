import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { requestOrigin, requireStaff } from '../http/authenticate.ts';
import {
  type AllianceSettingsBody,
  allianceSettingsBodySchema,
} from './alliance-settings-fields.ts';
import { getAllianceSettings, saveAllianceSettings } from './alliance-settings.service.ts';

const value = z.union([z.number(), z.boolean(), z.null()]);
const settingsSchema = z.object({
  clinicId: z.string(),
  clinicName: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  parameters: z.array(
    z.object({
      key: z.string(),
      group: z.string(),
      name: z.string(),
      kind: z.enum(['integer', 'number', 'boolean', 'optional-number']),
      min: z.number().optional(),
      max: z.number().optional(),
      step: z.number().optional(),
      defaultValue: value,
      value,
      overridden: z.boolean(),
    }),
  ),
  measuredPooledSd: z.object({
    sd: z.number().nullable(),
    forms: z.number(),
    clients: z.number(),
  }),
});

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
          response: { 200: settingsSchema },
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
          response: { 200: settingsSchema.extend({ recomputesQueued: z.number() }) },
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
