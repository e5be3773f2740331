import { randomUUID } from 'node:crypto';
import { AppError, conflict } from '../../core/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import type { StaffRoleName } from '../db/database-schema.ts';
import { findClinicByIdOrName } from '../organizations/organization.repository.ts';
import {
  type StaffUser,
  findStaffUserByEmail,
  insertStaffRole,
  insertStaffUser,
  listStaffRoles,
} from './staff.repository.ts';

export interface NewStaffUser {
  email: string;
  displayName: string;
  role: StaffRoleName;
  /** Clinic id or exact clinic name. */
  clinic: string;
}

async function requireOneClinic(trx: Executor, clinic: string) {
  const clinics = await findClinicByIdOrName(trx, clinic);
  if (clinics.length === 0)
    throw new AppError('not_found', `no clinic "${clinic}": create it first (rapport setup)`);
  if (clinics.length > 1)
    throw new AppError('validation', `more than one clinic is named "${clinic}": give its id`);
  return clinics[0]!;
}

/** Creates a staff account with its first role, audited, all in one transaction. */
export async function createStaffUser(
  db: Database,
  clock: Clock,
  input: NewStaffUser,
  actor: { type: 'cli' | 'staff'; id: string | null },
): Promise<{ user: StaffUser; clinicId: string }> {
  return inTransaction(db, async (trx) => {
    const clinic = await requireOneClinic(trx, input.clinic);
    const email = input.email.toLowerCase();
    if (await findStaffUserByEmail(trx, email))
      throw conflict('a staff account with that e-mail address already exists');
    const user: StaffUser = {
      id: randomUUID(),
      organizationId: clinic.organizationId,
      email,
      displayName: input.displayName,
      status: 'active',
    };
    await insertStaffUser(trx, user, clock().toISOString());
    await insertStaffRole(trx, clinic.organizationId, user.id, {
      clinicId: clinic.id,
      role: input.role,
    });
    await recordAudit(trx, clock, {
      organizationId: clinic.organizationId,
      actorType: actor.type,
      actorId: actor.id,
      action: 'staff.create',
      entityType: 'staff_user',
      entityId: user.id,
      details: { role: input.role, clinicId: clinic.id },
    });
    return { user, clinicId: clinic.id };
  });
}

/**
 * The operator's way to give an existing account another role (`rapport user grant`): an
 * admin may not grant themselves a clinical role in the app (docs/access-policy.md), so a
 * practice run by one person gets its therapist role here. Granting a role already held
 * changes nothing.
 */
export async function grantStaffRole(
  db: Database,
  clock: Clock,
  input: { email: string; role: StaffRoleName; clinic: string },
): Promise<{ user: StaffUser; clinicId: string; granted: boolean }> {
  return inTransaction(db, async (trx) => {
    const clinic = await requireOneClinic(trx, input.clinic);
    const user = await findStaffUserByEmail(trx, input.email.toLowerCase());
    if (!user || user.organizationId !== clinic.organizationId)
      throw new AppError('not_found', 'no staff account with that e-mail address at that clinic');
    const held = await listStaffRoles(trx, user.organizationId, user.id);
    if (held.some((r) => r.clinicId === clinic.id && r.role === input.role))
      return { user, clinicId: clinic.id, granted: false };
    await insertStaffRole(trx, clinic.organizationId, user.id, {
      clinicId: clinic.id,
      role: input.role,
    });
    await recordAudit(trx, clock, {
      organizationId: clinic.organizationId,
      actorType: 'cli',
      actorId: null,
      action: 'staff.roles',
      entityType: 'staff_user',
      entityId: user.id,
      details: { clinicId: clinic.id, granted: input.role },
    });
    return { user, clinicId: clinic.id, granted: true };
  });
}
