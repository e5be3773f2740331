/** An organization's public profile (src/server/organizations/organization.routes.ts). */
import { z } from 'zod';

export const organizationProfileSchema = z.object({
  name: z.string(),
  slug: z.string(),
  clinics: z.array(z.object({ name: z.string(), timeZone: z.string() })),
});
export type OrganizationProfile = z.infer<typeof organizationProfileSchema>;
