import { randomUUID } from 'node:crypto';
import { conflict } from '../../core/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import {
  type Clinic,
  type Organization,
  findOrganizationBySlug,
  insertClinic,
  insertOrganization,
} from './organization.repository.ts';

export interface NewOrganization {
  name: string;
  slug: string;
  clinics: { name: string; timeZone: string }[];
  /**
   * Runs for each new clinic inside the same transaction (e.g. its default measurement
   * plan): a higher feature's set-up without this one importing it.
   */
  setUpClinic?: (trx: Executor, clinic: Clinic, now: string) => Promise<unknown>;
}

export interface CreatedOrganization {
  organization: Organization;
  clinics: Clinic[];
}

/** An organization with its first clinics, in one transaction (all or nothing). */
export async function createOrganization(
  db: Database,
  clock: Clock,
  input: NewOrganization,
  actor: { type: 'cli' | 'system'; id: string | null },
): Promise<CreatedOrganization> {
  return inTransaction(db, async (trx) => {
    if (await findOrganizationBySlug(trx, input.slug)) {
      throw conflict(`an organization with the slug "${input.slug}" already exists`);
    }
    const now = clock().toISOString();
    const organization: Organization = {
      id: randomUUID(),
      name: input.name,
      slug: input.slug,
      createdAt: now,
    };
    await insertOrganization(trx, organization);
    const clinics: Clinic[] = [];
    for (const c of input.clinics) {
      const clinic: Clinic = {
        id: randomUUID(),
        organizationId: organization.id,
        name: c.name,
        timeZone: c.timeZone,
      };
      await insertClinic(trx, clinic, now);
      await input.setUpClinic?.(trx, clinic, now);
      clinics.push(clinic);
    }
    await recordAudit(trx, clock, {
      organizationId: organization.id,
      actorType: actor.type,
      actorId: actor.id,
      action: 'organization.create',
      entityType: 'organization',
      entityId: organization.id,
      details: { clinics: clinics.length },
    });
    return { organization, clinics };
  });
}
