import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { getPublicOrganizationProfile } from './organization-profile.service.ts';

const profileSchema = z.object({
  name: z.string(),
  slug: z.string(),
  clinics: z.array(z.object({ name: z.string(), timeZone: z.string() })),
});

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
          response: { 200: profileSchema },
        },
      },
      async (request) => getPublicOrganizationProfile(db, request.params.slug),
    );
  };
