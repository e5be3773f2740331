import { randomInt, randomUUID } from 'node:crypto';
import { AppError, badRequest, conflict, notFound } from '../../core/app-error.ts';
import type { AuditAction, AuditEntityType } from '../../core/api/audit-vocabulary.ts';
import type { NewCaseInput } from '../../core/api/cases.ts';
import {
  type CaseClosedReason,
  type ClinicCaseType,
  ageOn,
  caseMemberCounts,
} from '../../core/intake/intake-lists.ts';
import { listIntakeClinics } from '../access/intake-access.repository.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { type StaffAuditEvent, recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import type { CaseStatus } from '../db/database-schema.ts';
import {
  type ClinicIntakeSettings,
  findIntakeSettings,
  saveIntakeSettings,
} from '../organizations/clinic-intake-settings.repository.ts';
import { listClinicTherapists } from '../staff/clinic-therapists.repository.ts';
import {
  type CaseRecord,
  caseReferenceExists,
  caseToRow,
  findClientsForMembership,
  insertCases,
  listCaseRecords,
  replaceCaseTherapist,
  revokeOpenRequestsOfCase,
  setCaseStatus,
} from './case.repository.ts';

export interface CaseManagementDeps {
  db: Database;
  clock: Clock;
  /**
   * What closing a case asks of its people, in the close's transaction: measurement's
   * createEndOfCareRequests, handed in by app.ts because cases sits below measurement
   * (docs/architecture.md) and a queued job would not share the close's transaction.
   * Returns how many requests it made.
   */
  onClose?: (
    trx: Executor,
    careCase: { organizationId: string; id: string },
    now: Date,
  ) => Promise<number>;
}

/**
 * Opening, closing, reopening and transferring cases (docs/access-policy.md, "Intake"): by an
 * admin of the case's clinic, or by its therapist where the clinic allows therapists to open
 * cases. Administrative fields only — never scores, answers or notes.
 */

const audit = (
  trx: Executor,
  deps: CaseManagementDeps,
  actor: StaffActor,
  origin: RequestOrigin,
  action: AuditAction,
  entityType: AuditEntityType,
  entityId: string | null,
  details: Record<string, string | number>,
) => recordStaffAudit(trx, deps.clock, actor, origin, { action, entityType, entityId, details });

// Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

async function newReference(trx: Executor, organizationId: string): Promise<string> {
  for (;;) {
    const code = Array.from(
      { length: 6 },
      () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)],
    ).join('');
    const reference = `C-${code}`;
    if (!(await caseReferenceExists(trx, organizationId, reference))) return reference;
  }
}

export async function openCase(
  deps: CaseManagementDeps,
  actor: StaffActor,
  input: NewCaseInput,
  origin: RequestOrigin,
): Promise<CaseRecord> {
  const clientIds = input.members.map((m) => m.clientId);
  const repeated = clientIds.find((id, i) => clientIds.indexOf(id) !== i);
  if (repeated !== undefined)
    throw badRequest('A member is listed twice.', [
      {
        path: `body.members.${clientIds.lastIndexOf(repeated)}.clientId`,
        message: 'is listed twice',
      },
    ]);
  if (new Set(input.therapistIds).size !== input.therapistIds.length)
    throw badRequest('A therapist is listed twice.', [
      { path: 'body.therapistIds', message: 'must not repeat a therapist' },
    ]);
  if (new Set(input.presentingConcerns).size !== input.presentingConcerns.length)
    throw badRequest('A presenting concern is listed twice.', [
      { path: 'body.presentingConcerns', message: 'must not repeat a concern' },
    ]);

  return inTransaction(deps.db, async (trx) => {
    const clinics = await listIntakeClinics(trx, actor);
    if (!clinics.some((c) => c.id === input.clinicId)) throw notFound('Clinic');
    const isAdmin = actor.roles.some((r) => r.clinicId === input.clinicId && r.role === 'admin');
    if (!isAdmin && !input.therapistIds.includes(actor.userId))
      throw badRequest('A therapist opens cases they work on: add yourself as a therapist.', [
        { path: 'body.therapistIds', message: 'must include you' },
      ]);

    const settings = await findIntakeSettings(trx, actor.organizationId, input.clinicId);
    const caseType = settings.caseTypes.find((t) => t.code === input.caseType);
    if (!caseType)
      throw badRequest('This clinic has no such case type.', [
        { path: 'body.caseType', message: 'is not one of the clinic’s case types' },
      ]);
    const unknownConcern = input.presentingConcerns.findIndex(
      (c) => !settings.presentingConcerns.includes(c),
    );
    if (unknownConcern >= 0)
      throw badRequest('This clinic has no such presenting concern.', [
        {
          path: `body.presentingConcerns.${unknownConcern}`,
          message: 'is not one of the clinic’s presenting concerns',
        },
      ]);
    const [min, max] = caseMemberCounts[caseType.structure];
    if (input.members.length < min || input.members.length > max)
      throw badRequest(
        `A ${caseType.structure} case has ${min === max ? min : `${min} to ${max}`} member${max === 1 ? '' : 's'}.`,
        [{ path: 'body.members', message: 'has the wrong number of members' }],
      );

    const candidates = await findClientsForMembership(trx, actor.organizationId, clientIds);
    for (const [i, member] of input.members.entries()) {
      const client = candidates.find((c) => c.id === member.clientId);
      if (!client || client.clinicId !== input.clinicId) throw notFound('Client');
      const minor = client.dateOfBirth
        ? ageOn(client.dateOfBirth, input.startDate) < 18
        : client.birthYear !== null && Number(input.startDate.slice(0, 4)) - client.birthYear < 18;
      if (minor && (!member.guardianName || !member.guardianContact))
        throw badRequest('A member under 18 needs a guardian to contact.', [
          { path: `body.members.${i}.guardianContact`, message: 'is needed for a minor' },
        ]);
    }
    const therapists = await listClinicTherapists(trx, actor.organizationId, input.clinicId);
    for (const id of input.therapistIds)
      if (!therapists.some((t) => t.staffUserId === id)) throw notFound('Therapist');

    const id = await insertOpenedCase(trx, actor.organizationId, { ...input, caseType }, (event) =>
      recordStaffAudit(trx, deps.clock, actor, origin, event),
    );
    return requireRecord(trx, actor, id, false);
  });
}

/**
 * Stores a case that has passed every intake check, with its members, therapists (the first
 * is primary) and its `case.open` audit row, in the caller's transaction. Opening a case on
 * the page and importing one from CSV (client-import) both end here.
 */
export async function insertOpenedCase(
  trx: Executor,
  organizationId: string,
  input: Omit<NewCaseInput, 'caseType'> & { caseType: ClinicCaseType },
  writeAudit: (event: StaffAuditEvent) => Promise<void>,
): Promise<string> {
  const id = randomUUID();
  await insertCases(
    trx,
    [
      caseToRow({
        id,
        organizationId,
        clinicId: input.clinicId,
        reference: await newReference(trx, organizationId),
        type: input.caseType.structure,
        caseType: input.caseType.code,
        presentingConcerns: input.presentingConcerns,
        status: 'active',
        openedAt: `${input.startDate}T00:00:00.000Z`,
        closedAt: null,
      }),
    ],
    input.members.map((m) => ({
      organization_id: organizationId,
      case_id: id,
      client_id: m.clientId,
      relationship: m.relation,
      guardian_name: m.guardianName ?? null,
      guardian_contact: m.guardianContact ?? null,
    })),
    input.therapistIds.map((staffUserId, i) => ({
      organization_id: organizationId,
      case_id: id,
      staff_user_id: staffUserId,
      is_primary: i === 0 ? 1 : 0,
    })),
  );
  await writeAudit({
    action: 'case.open',
    entityType: 'care_case',
    entityId: id,
    details: {
      clinicId: input.clinicId,
      caseType: input.caseType.code,
      members: input.members.length,
      therapists: input.therapistIds.join(','),
    },
  });
  return id;
}

async function requireRecord(
  trx: Executor,
  actor: StaffActor,
  caseId: string,
  manageOnly: boolean,
): Promise<CaseRecord> {
  const [record] = await listCaseRecords(trx, actor, { status: 'active', caseId, manageOnly });
  if (record) return record;
  // A supervisor already sees the case: tell them it is not theirs to change (403), as the
  // session routes do; anyone else learns nothing about it (404).
  if (manageOnly && (await listCaseRecords(trx, actor, { status: 'active', caseId })).length > 0)
    throw new AppError(
      'forbidden',
      "Only an admin of the clinic or the case's therapists can do this.",
    );
  throw notFound('Case');
}

/** The administrative record of one case (admins of its clinic, its therapists, supervisors). */
export async function readCaseRecord(
  deps: CaseManagementDeps,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<CaseRecord> {
  return inTransaction(deps.db, async (trx) => {
    const record = await requireRecord(trx, actor, caseId, false);
    await audit(trx, deps, actor, origin, 'case.record.read', 'care_case', caseId, {});
    return record;
  });
}

export async function listCases(
  deps: CaseManagementDeps,
  actor: StaffActor,
  filter: { status: CaseStatus; search?: string | undefined },
  origin: RequestOrigin,
): Promise<CaseRecord[]> {
  return inTransaction(deps.db, async (trx) => {
    const cases = await listCaseRecords(trx, actor, filter);
    await audit(trx, deps, actor, origin, 'case.list', 'care_case', null, {
      status: filter.status,
      cases: cases.length,
    });
    return cases;
  });
}

/**
 * Closes a case in one transaction: its open questionnaire links are revoked, then the plan's
 * end-of-care forms are requested (deps.onClose), whatever the reason. Since every write to a
 * closed case is refused (requireOpenCase), no other requests are made and its alerts are no
 * longer recomputed; it leaves the caseload (which lists active cases only).
 */
export async function closeCase(
  deps: CaseManagementDeps,
  actor: StaffActor,
  caseId: string,
  reason: CaseClosedReason,
  origin: RequestOrigin,
): Promise<CaseRecord> {
  return inTransaction(deps.db, async (trx) => {
    const record = await requireRecord(trx, actor, caseId, true);
    if (record.status === 'closed') throw conflict('The case is already closed.');
    const at = deps.clock();
    const now = at.toISOString();
    await setCaseStatus(trx, actor.organizationId, caseId, {
      status: 'closed',
      closedAt: now,
      closedReason: reason,
    });
    const revoked = await revokeOpenRequestsOfCase(trx, actor.organizationId, caseId, now);
    const endOfCare =
      (await deps.onClose?.(trx, { organizationId: actor.organizationId, id: caseId }, at)) ?? 0;
    await audit(trx, deps, actor, origin, 'case.close', 'care_case', caseId, {
      reason,
      revoked,
      endOfCare,
    });
    return requireRecord(trx, actor, caseId, true);
  });
}

export async function reopenCase(
  deps: CaseManagementDeps,
  actor: StaffActor,
  caseId: string,
  origin: RequestOrigin,
): Promise<CaseRecord> {
  return inTransaction(deps.db, async (trx) => {
    const record = await requireRecord(trx, actor, caseId, true);
    if (record.status !== 'closed') throw conflict('The case is not closed.');
    await setCaseStatus(trx, actor.organizationId, caseId, {
      status: 'active',
      closedAt: null,
      closedReason: null,
    });
    await audit(trx, deps, actor, origin, 'case.reopen', 'care_case', caseId, {});
    return requireRecord(trx, actor, caseId, true);
  });
}

/**
 * Hands a case from one of its therapists to another therapist of its clinic: the new one sees
 * its whole history; the old one no longer sees it unless still on it some other way.
 */
export async function transferCase(
  deps: CaseManagementDeps,
  actor: StaffActor,
  caseId: string,
  input: { fromTherapistId: string; toTherapistId: string },
  origin: RequestOrigin,
): Promise<CaseRecord> {
  if (input.fromTherapistId === input.toTherapistId)
    throw badRequest('Choose a different therapist to transfer the case to.', [
      { path: 'body.toTherapistId', message: 'must differ from fromTherapistId' },
    ]);
  return inTransaction(deps.db, async (trx) => {
    const record = await requireRecord(trx, actor, caseId, true);
    if (record.status === 'closed')
      throw conflict('The case is closed: reopen it before transferring it.');
    if (!record.therapists.some((t) => t.staffUserId === input.fromTherapistId))
      throw badRequest('That person is not a therapist of this case.', [
        { path: 'body.fromTherapistId', message: 'is not a therapist of the case' },
      ]);
    const therapists = await listClinicTherapists(trx, actor.organizationId, record.clinicId);
    if (!therapists.some((t) => t.staffUserId === input.toTherapistId)) throw notFound('Therapist');
    await replaceCaseTherapist(
      trx,
      actor.organizationId,
      caseId,
      input.fromTherapistId,
      input.toTherapistId,
    );
    await audit(trx, deps, actor, origin, 'case.transfer', 'care_case', caseId, {
      fromTherapistId: input.fromTherapistId,
      toTherapistId: input.toTherapistId,
    });
    const [after] = await listCaseRecords(trx, actor, { status: 'active', caseId });
    // A therapist who handed their own case on no longer sees it: answer what was done.
    return (
      after ?? {
        ...record,
        therapists: record.therapists.map((t) =>
          t.staffUserId === input.fromTherapistId
            ? (therapists.find((n) => n.staffUserId === input.toTherapistId) ?? t)
            : t,
        ),
      }
    );
  });
}

/** The clinics where the actor may do intake, with their lists and therapists. */
export async function listIntakeOptions(deps: CaseManagementDeps, actor: StaffActor) {
  return inTransaction(deps.db, async (trx) => {
    const clinics = await listIntakeClinics(trx, actor);
    return Promise.all(
      clinics.map(async (clinic) => ({
        ...clinic,
        ...(await findIntakeSettings(trx, actor.organizationId, clinic.id)),
        therapists: await listClinicTherapists(trx, actor.organizationId, clinic.id),
      })),
    );
  });
}

function requireAdminOf(actor: StaffActor, clinicId: string): void {
  const adminOf = actor.roles.filter((r) => r.role === 'admin').map((r) => r.clinicId);
  if (adminOf.length === 0) throw new AppError('forbidden', 'This needs the admin role.');
  if (!adminOf.includes(clinicId)) throw notFound('Clinic');
}

export async function readIntakeSettings(
  deps: CaseManagementDeps,
  actor: StaffActor,
  clinicId: string,
): Promise<ClinicIntakeSettings> {
  requireAdminOf(actor, clinicId);
  return findIntakeSettings(deps.db, actor.organizationId, clinicId);
}

export async function changeIntakeSettings(
  deps: CaseManagementDeps,
  actor: StaffActor,
  clinicId: string,
  settings: ClinicIntakeSettings,
  origin: RequestOrigin,
): Promise<ClinicIntakeSettings> {
  requireAdminOf(actor, clinicId);
  return inTransaction(deps.db, async (trx) => {
    await saveIntakeSettings(
      trx,
      actor.organizationId,
      clinicId,
      settings,
      actor.userId,
      deps.clock().toISOString(),
    );
    await audit(trx, deps, actor, origin, 'intake-settings.update', 'clinic', clinicId, {
      caseTypes: settings.caseTypes.length,
      presentingConcerns: settings.presentingConcerns.length,
      therapistsMayOpenCases: settings.therapistsMayOpenCases ? 1 : 0,
    });
    return findIntakeSettings(trx, actor.organizationId, clinicId);
  });
}
