import type { Executor } from '../db/database.ts';

/** Active staff with the therapist role at a clinic (the people a case can be assigned to). */
export async function listClinicTherapists(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<{ staffUserId: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('staff_role')
    .innerJoin('staff_user', (j) =>
      j
        .onRef('staff_user.id', '=', 'staff_role.staff_user_id')
        .onRef('staff_user.organization_id', '=', 'staff_role.organization_id'),
    )
    .select(['staff_user.id', 'staff_user.display_name'])
    .where('staff_role.organization_id', '=', organizationId)
    .where('staff_role.clinic_id', '=', clinicId)
    .where('staff_role.role', '=', 'therapist')
    .where('staff_user.status', '=', 'active')
    .orderBy('staff_user.display_name')
    .orderBy('staff_user.id')
    .execute();
  return rows.map((r) => ({ staffUserId: r.id, displayName: r.display_name }));
}
