import { readableCasesAmong } from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';

// The people on cases, by name, for the pages that show them (caseload, case view). Only the
// cases among `caseIds` that the actor may read answer: the access rule is in the SQL.

export interface CaseMemberName {
  caseId: string;
  clientId: string;
  givenName: string;
  familyName: string;
  relationship: string;
}

export async function listMemberNames(
  db: Executor,
  actor: StaffActor,
  caseIds: string[],
): Promise<CaseMemberName[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('case_member')
    .innerJoin('client', (join) =>
      join
        .onRef('client.id', '=', 'case_member.client_id')
        .onRef('client.organization_id', '=', 'case_member.organization_id'),
    )
    .select([
      'case_member.case_id',
      'case_member.client_id',
      'case_member.relationship',
      'client.given_name',
      'client.family_name',
    ])
    .where('case_member.organization_id', '=', actor.organizationId)
    .where('case_member.case_id', 'in', readableCasesAmong(actor, caseIds))
    .orderBy('case_member.case_id')
    .orderBy('client.given_name')
    .orderBy('case_member.client_id')
    .execute();
  return rows.map((row) => ({
    caseId: row.case_id,
    clientId: row.client_id,
    givenName: row.given_name,
    familyName: row.family_name,
    relationship: row.relationship,
  }));
}

export interface CaseTherapistName {
  caseId: string;
  staffUserId: string;
  displayName: string;
  isPrimary: boolean;
}

export async function listTherapistNames(
  db: Executor,
  actor: StaffActor,
  caseIds: string[],
): Promise<CaseTherapistName[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('case_therapist')
    .innerJoin('staff_user', (join) =>
      join
        .onRef('staff_user.id', '=', 'case_therapist.staff_user_id')
        .onRef('staff_user.organization_id', '=', 'case_therapist.organization_id'),
    )
    .select([
      'case_therapist.case_id',
      'case_therapist.staff_user_id',
      'case_therapist.is_primary',
      'staff_user.display_name',
    ])
    .where('case_therapist.organization_id', '=', actor.organizationId)
    .where('case_therapist.case_id', 'in', readableCasesAmong(actor, caseIds))
    .orderBy('case_therapist.case_id')
    .orderBy('case_therapist.is_primary', 'desc')
    .orderBy('staff_user.display_name')
    .execute();
  return rows.map((row) => ({
    caseId: row.case_id,
    staffUserId: row.staff_user_id,
    displayName: row.display_name,
    isPrimary: Number(row.is_primary) === 1,
  }));
}
