import type { Executor } from '../db/database.ts';
import type { ClinicTable, OrganizationTable } from '../db/database-schema.ts';

export interface Organization {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
}

export interface Clinic {
  id: string;
  organizationId: string;
  name: string;
  timeZone: string;
}

const organizationRowToOrganization = (row: OrganizationTable): Organization => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  createdAt: row.created_at,
});

const clinicRowToClinic = (row: ClinicTable): Clinic => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  timeZone: row.time_zone,
});

export async function insertOrganization(db: Executor, organization: Organization): Promise<void> {
  await db
    .insertInto('organization')
    .values({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      created_at: organization.createdAt,
    })
    .execute();
}

export async function findOrganizationBySlug(
  db: Executor,
  slug: string,
): Promise<Organization | undefined> {
  const row = await db
    .selectFrom('organization')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row && organizationRowToOrganization(row);
}

export async function findOrganizationById(
  db: Executor,
  id: string,
): Promise<Organization | undefined> {
  const row = await db
    .selectFrom('organization')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && organizationRowToOrganization(row);
}

export async function listOrganizations(db: Executor): Promise<Organization[]> {
  const rows = await db.selectFrom('organization').selectAll().orderBy('created_at').execute();
  return rows.map(organizationRowToOrganization);
}

export async function insertClinic(db: Executor, clinic: Clinic, createdAt: string): Promise<void> {
  await db
    .insertInto('clinic')
    .values({
      id: clinic.id,
      organization_id: clinic.organizationId,
      name: clinic.name,
      time_zone: clinic.timeZone,
      created_at: createdAt,
    })
    .execute();
}

export async function listClinics(db: Executor, organizationId: string): Promise<Clinic[]> {
  const rows = await db
    .selectFrom('clinic')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('name')
    .execute();
  return rows.map(clinicRowToClinic);
}

/** A clinic by id or exact name, within one organization or (for the CLI) any. */
export async function findClinicByIdOrName(
  db: Executor,
  idOrName: string,
  organizationId?: string,
): Promise<Clinic[]> {
  let query = db
    .selectFrom('clinic')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]));
  if (organizationId) query = query.where('organization_id', '=', organizationId);
  return (await query.execute()).map(clinicRowToClinic);
}
