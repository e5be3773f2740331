import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organizationProfileSchema } from '../../core/api/organization.ts';
import type { Database } from '../db/database.ts';
import { getPublicOrganizationProfile } from './organization-profile.service.ts';

export const organizationRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/public/organizations/:slug',
      {
        schema: {
          summary: "An organization's public profile (name and clinics), for its sign-in page",
          tags: ['organizations'],
          params: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,64}$/) }),
          response: { 200: organizationProfileSchema },
        },
      },
      async (request) => getPublicOrganizationProfile(db, request.params.slug),
    );
  };
