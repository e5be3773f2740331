import type { Executor } from '../db/database.ts';

/** The clinic's active therapists with their sign-in e-mail (how an import names them). */
export async function listClinicTherapistEmails(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<{ staffUserId: string; email: string }[]> {
  const rows = await db
    .selectFrom('staff_role')
    .innerJoin('staff_user', (j) =>
      j
        .onRef('staff_user.id', '=', 'staff_role.staff_user_id')
        .onRef('staff_user.organization_id', '=', 'staff_role.organization_id'),
    )
    .select(['staff_user.id', 'staff_user.email'])
    .where('staff_role.organization_id', '=', organizationId)
    .where('staff_role.clinic_id', '=', clinicId)
    .where('staff_role.role', '=', 'therapist')
    .where('staff_user.status', '=', 'active')
    .execute();
  return rows.map((r) => ({ staffUserId: r.id, email: r.email.toLowerCase() }));
}

/**
 * The open (active) cases of a clinic that have any of these clients as members, each with its
 * case type and all its members: an import skips a case whose type and members it already has.
 */
export async function listActiveCasesOfClients(
  db: Executor,
  organizationId: string,
  clinicId: string,
  clientIds: readonly string[],
): Promise<{ caseId: string; caseType: string; clientIds: string[] }[]> {
  if (clientIds.length === 0) return [];
  const rows = await db
    .selectFrom('care_case')
    .innerJoin('case_member', (j) =>
      j
        .onRef('case_member.case_id', '=', 'care_case.id')
        .onRef('case_member.organization_id', '=', 'care_case.organization_id'),
    )
    .select((eb) => [
      'care_case.id',
      'case_member.client_id',
      // Cases from before intake had no case type of their own: their structure is one.
      eb.fn.coalesce('care_case.case_type', 'care_case.type').as('case_type'),
    ])
    .where('care_case.organization_id', '=', organizationId)
    .where('care_case.clinic_id', '=', clinicId)
    .where('care_case.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_member as m')
          .select('m.case_id')
          .whereRef('m.case_id', '=', 'care_case.id')
          .where('m.organization_id', '=', organizationId)
          .where('m.client_id', 'in', [...clientIds]),
      ),
    )
    .orderBy('care_case.id')
    .execute();
  const cases = new Map<string, { caseId: string; caseType: string; clientIds: string[] }>();
  for (const row of rows) {
    const found = cases.get(row.id) ?? { caseId: row.id, caseType: row.case_type, clientIds: [] };
    found.clientIds.push(row.client_id);
    cases.set(row.id, found);
  }
  return [...cases.values()];
}
