import { AppError } from '../../core/app-error.ts';
import type { StaffRoleName } from '../db/database-schema.ts';

/**
 * Who is calling, as routes see it once the session cookie has been checked: a signed-in
 * staff member (both factors, or password-only where the install allows it) with their
 * roles per clinic. Repositories scope their SQL by `organizationId` and, where it
 * matters, by `userId` and `roles`.
 */
export interface StaffActor {
  userId: string;
  organizationId: string;
  roles: { clinicId: string; role: StaffRoleName }[];
  /** The sign-in (auth) session row's id, never the cookie's token; not a therapy session. */
  authSessionId: string;
}

/** The clinics the actor administers; throws 403 when there are none. */
export function adminClinicIds(actor: StaffActor): Set<string> {
  const ids = new Set(actor.roles.filter((r) => r.role === 'admin').map((r) => r.clinicId));
  if (ids.size === 0) throw new AppError('forbidden', 'This needs the admin role.');
  return ids;
}
