import type { Executor } from '../db/database.ts';
import type {
  CaseMemberTable,
  CaseStatus,
  CaseTable,
  CaseTherapistTable,
  CaseType,
} from '../db/database-schema.ts';

export interface CareCase {
  id: string;
  organizationId: string;
  clinicId: string;
  reference: string;
  type: CaseType;
  presentingConcerns: string[];
  status: CaseStatus;
  openedAt: string;
  closedAt: string | null;
}

export interface CaseMember {
  clientId: string;
  relationship: string;
}

export interface CaseSummary extends CareCase {
  members: CaseMember[];
  therapistIds: string[];
}

export const caseToRow = (c: CareCase): CaseTable => ({
  id: c.id,
  organization_id: c.organizationId,
  clinic_id: c.clinicId,
  reference: c.reference,
  type: c.type,
  presenting_concerns: JSON.stringify(c.presentingConcerns),
  status: c.status,
  opened_at: c.openedAt,
  closed_at: c.closedAt,
});

const caseRowToCase = (row: CaseTable): CareCase => ({
  id: row.id,
  organizationId: row.organization_id,
  clinicId: row.clinic_id,
  reference: row.reference,
  type: row.type,
  presentingConcerns: JSON.parse(row.presenting_concerns) as string[],
  status: row.status,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
});

export async function insertCases(
  db: Executor,
  cases: CaseTable[],
  members: CaseMemberTable[],
  therapists: CaseTherapistTable[],
): Promise<void> {
  if (cases.length > 0) await db.insertInto('care_case').values(cases).execute();
  if (members.length > 0) await db.insertInto('case_member').values(members).execute();
  if (therapists.length > 0) await db.insertInto('case_therapist').values(therapists).execute();
}

export async function findCase(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<CaseSummary | undefined> {
  const row = await db
    .selectFrom('care_case')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [members, therapists] = await Promise.all([
    db
      .selectFrom('case_member')
      .select(['client_id', 'relationship'])
      .where('organization_id', '=', organizationId)
      .where('case_id', '=', id)
      .orderBy('client_id')
      .execute(),
    db
      .selectFrom('case_therapist')
      .select(['staff_user_id'])
      .where('organization_id', '=', organizationId)
      .where('case_id', '=', id)
      .orderBy('is_primary', 'desc')
      .orderBy('staff_user_id')
      .execute(),
  ]);
  return {
    ...caseRowToCase(row),
    members: members.map((m) => ({ clientId: m.client_id, relationship: m.relationship })),
    therapistIds: therapists.map((t) => t.staff_user_id),
  };
}

/** The cases a therapist works on, newest first; the scoping is in the join. */
export async function listCasesForTherapist(
  db: Executor,
  organizationId: string,
  therapistId: string,
  status: CaseStatus = 'active',
): Promise<CareCase[]> {
  const rows = await db
    .selectFrom('care_case')
    .innerJoin('case_therapist', 'case_therapist.case_id', 'care_case.id')
    .selectAll('care_case')
    .where('care_case.organization_id', '=', organizationId)
    .where('case_therapist.organization_id', '=', organizationId)
    .where('case_therapist.staff_user_id', '=', therapistId)
    .where('care_case.status', '=', status)
    .orderBy('care_case.opened_at', 'desc')
    .execute();
  return rows.map(caseRowToCase);
}

export async function countCases(db: Executor, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('care_case')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
