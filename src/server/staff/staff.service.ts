import { randomUUID } from 'node:crypto';
import { AppError, conflict } from '../../core/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import type { StaffRoleName } from '../db/database-schema.ts';
import { findClinicByIdOrName } from '../organizations/organization.repository.ts';
import {
  type StaffUser,
  findStaffUserByEmail,
  insertStaffRole,
  insertStaffUser,
} from './staff.repository.ts';

export interface NewStaffUser {
  email: string;
  displayName: string;
  role: StaffRoleName;
  /** Clinic id or exact clinic name. */
  clinic: string;
}

/** Creates a staff account with its first role, audited, all in one transaction. */
export async function createStaffUser(
  db: Database,
  clock: Clock,
  input: NewStaffUser,
  actor: { type: 'cli' | 'staff'; id: string | null },
): Promise<{ user: StaffUser; clinicId: string }> {
  return inTransaction(db, async (trx) => {
    const clinics = await findClinicByIdOrName(trx, input.clinic);
    if (clinics.length === 0)
      throw new AppError(
        'not_found',
        `no clinic "${input.clinic}": create it first (rapport setup)`,
      );
    if (clinics.length > 1)
      throw new AppError(
        'validation',
        `more than one clinic is named "${input.clinic}": give its id`,
      );
    const clinic = clinics[0]!;
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
