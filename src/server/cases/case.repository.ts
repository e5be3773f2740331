import type { Expression, ExpressionBuilder, Insertable } from 'kysely';
import { readableCase } from '../access/case-access.repository.ts';
import { manageableCase } from '../access/intake-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RapportDatabase } from '../db/database-schema.ts';
import type {
  CaseClosedReason,
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
  /** The clinic's case type code; defaults to the structure (`type`). */
  caseType?: string | null;
  closedReason?: CaseClosedReason | null;
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
  case_type: c.caseType ?? null,
  closed_reason: c.closedReason ?? null,
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
  caseType: row.case_type ?? row.type,
  closedReason: row.closed_reason,
});

export async function insertCases(
  db: Executor,
  cases: CaseTable[],
  members: Insertable<CaseMemberTable>[],
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

/** A case's administrative record: no scores, answers or notes (admins read it). */
export interface CaseRecord extends CareCase {
  caseType: string;
  closedReason: CaseClosedReason | null;
  members: {
    clientId: string;
    displayName: string;
    relation: string;
    guardianName: string | null;
    guardianContact: string | null;
  }[];
  therapists: { staffUserId: string; displayName: string }[];
}

/**
 * Who may see a case's administrative record: whoever may manage it (an admin of its clinic,
 * its therapists where the clinic allows) and whoever reads it clinically (its therapists,
 * their supervisors).
 */
const recordVisible = (
  eb: ExpressionBuilder<RapportDatabase, 'care_case'>,
  actor: StaffActor,
  id: Expression<string>,
) => eb.or([manageableCase(actor, id), readableCase(actor, id)]);

/** Case records the actor may see, of one status, matched on reference or a member's name. */
export async function listCaseRecords(
  db: Executor,
  actor: StaffActor,
  filter: {
    status: CaseStatus;
    search?: string | undefined;
    caseId?: string;
    manageOnly?: boolean;
  },
  limit = 200,
): Promise<CaseRecord[]> {
  let query = db
    .selectFrom('care_case')
    .selectAll('care_case')
    .where('care_case.organization_id', '=', actor.organizationId)
    .where((eb) =>
      filter.manageOnly
        ? manageableCase(actor, eb.ref('care_case.id'))
        : recordVisible(eb, actor, eb.ref('care_case.id')),
    );
  if (filter.caseId) query = query.where('care_case.id', '=', filter.caseId);
  else query = query.where('care_case.status', '=', filter.status);
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replaceAll(/[%_\\]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['care_case.reference']), 'like', pattern),
        eb.exists(
          eb
            .selectFrom('case_member as sm')
            .innerJoin('client as sc', (j) =>
              j
                .onRef('sc.id', '=', 'sm.client_id')
                .onRef('sc.organization_id', '=', 'sm.organization_id'),
            )
            .select('sm.client_id')
            .whereRef('sm.case_id', '=', 'care_case.id')
            .where('sm.organization_id', '=', actor.organizationId)
            .where((w) =>
              w.or([
                w(w.fn('lower', ['sc.given_name']), 'like', pattern),
                w(w.fn('lower', ['sc.family_name']), 'like', pattern),
              ]),
            ),
        ),
      ]),
    );
  }
  const rows = await query
    .orderBy(filter.status === 'closed' ? 'care_case.closed_at' : 'care_case.opened_at', 'desc')
    .orderBy('care_case.id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [members, therapists] = await Promise.all([
    db
      .selectFrom('case_member')
      .innerJoin('client', (j) =>
        j
          .onRef('client.id', '=', 'case_member.client_id')
          .onRef('client.organization_id', '=', 'case_member.organization_id'),
      )
      .select([
        'case_member.case_id',
        'case_member.client_id',
        'case_member.relationship',
        'case_member.guardian_name',
        'case_member.guardian_contact',
        'client.given_name',
        'client.family_name',
        'client.preferred_name',
      ])
      .where('case_member.organization_id', '=', actor.organizationId)
      .where('case_member.case_id', 'in', ids)
      .orderBy('client.family_name')
      .orderBy('client.given_name')
      .execute(),
    db
      .selectFrom('case_therapist')
      .innerJoin('staff_user', (j) =>
        j
          .onRef('staff_user.id', '=', 'case_therapist.staff_user_id')
          .onRef('staff_user.organization_id', '=', 'case_therapist.organization_id'),
      )
      .select(['case_therapist.case_id', 'case_therapist.staff_user_id', 'staff_user.display_name'])
      .where('case_therapist.organization_id', '=', actor.organizationId)
      .where('case_therapist.case_id', 'in', ids)
      .orderBy('case_therapist.is_primary', 'desc')
      .orderBy('staff_user.display_name')
      .execute(),
  ]);
  return rows.map((row) => ({
    ...caseRowToCase(row),
    caseType: row.case_type ?? row.type,
    closedReason: row.closed_reason,
    members: members
      .filter((m) => m.case_id === row.id)
      .map((m) => ({
        clientId: m.client_id,
        displayName: `${m.preferred_name || m.given_name} ${m.family_name}`,
        relation: m.relationship === 'self' ? 'client' : m.relationship,
        guardianName: m.guardian_name,
        guardianContact: m.guardian_contact,
      })),
    therapists: therapists
      .filter((t) => t.case_id === row.id)
      .map((t) => ({ staffUserId: t.staff_user_id, displayName: t.display_name })),
  }));
}

export async function setCaseStatus(
  db: Executor,
  organizationId: string,
  caseId: string,
  change: { status: CaseStatus; closedAt: string | null; closedReason: CaseClosedReason | null },
): Promise<void> {
  await db
    .updateTable('care_case')
    .set({ status: change.status, closed_at: change.closedAt, closed_reason: change.closedReason })
    .where('organization_id', '=', organizationId)
    .where('id', '=', caseId)
    .execute();
}

/** Replaces one therapist of a case with another, keeping the primary flag. */
export async function replaceCaseTherapist(
  db: Executor,
  organizationId: string,
  caseId: string,
  fromId: string,
  toId: string,
): Promise<void> {
  const from = await db
    .selectFrom('case_therapist')
    .select('is_primary')
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('staff_user_id', '=', fromId)
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('case_therapist')
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('staff_user_id', 'in', [fromId, toId])
    .execute();
  await db
    .insertInto('case_therapist')
    .values({
      organization_id: organizationId,
      case_id: caseId,
      staff_user_id: toId,
      is_primary: from.is_primary,
    })
    .execute();
}

/** The case's status, for the closed-case rule of every write; undefined when no such case. */
export async function findCaseStatus(
  db: Executor,
  organizationId: string,
  caseId: string,
): Promise<CaseStatus | undefined> {
  const row = await db
    .selectFrom('care_case')
    .select('status')
    .where('organization_id', '=', organizationId)
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row?.status;
}

export async function caseReferenceExists(
  db: Executor,
  organizationId: string,
  reference: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('care_case')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row !== undefined;
}

/** What opening a case needs to know of each member: their clinic and age. */
export async function findClientsForMembership(
  db: Executor,
  organizationId: string,
  ids: string[],
): Promise<
  { id: string; clinicId: string; dateOfBirth: string | null; birthYear: number | null }[]
> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('client')
    .select(['id', 'clinic_id', 'date_of_birth', 'birth_year'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    clinicId: r.clinic_id,
    dateOfBirth: r.date_of_birth,
    birthYear: r.birth_year,
  }));
}

/**
 * Revokes every open questionnaire request of a case, so its links stop working: part of
 * closing the case, in the same transaction (the measurement feature sits above cases, so the
 * statement lives here). Answers how many were revoked.
 */
export async function revokeOpenRequestsOfCase(
  db: Executor,
  organizationId: string,
  caseId: string,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable('questionnaire_request')
    .set({ status: 'revoked', revoked_at: at })
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
