import { notFound } from '../../core/app-error.ts';
import type { Database } from '../db/database.ts';
import { findOrganizationBySlug, listClinics } from './organization.repository.ts';

/** What the sign-in page may show before anyone signs in: names and time zones only. */
export interface PublicOrganizationProfile {
  name: string;
  slug: string;
  clinics: { name: string; timeZone: string }[];
}

export async function getPublicOrganizationProfile(
  db: Database,
  slug: string,
): Promise<PublicOrganizationProfile> {
  const organization = await findOrganizationBySlug(db, slug);
  if (!organization) throw notFound('Organization');
  const clinics = await listClinics(db, organization.id);
  return {
    name: organization.name,
    slug: organization.slug,
    clinics: clinics.map((c) => ({ name: c.name, timeZone: c.timeZone })),
  };
}
