import { randomUUID } from 'node:crypto';
import type { AdminOverview } from '../../core/api/admin.ts';
import { AppError, badRequest, conflict, notFound } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import { deleteAuthSessionsOfStaff } from '../auth/auth-session.repository.ts';
import {
  assertRecentSecondFactor,
  resetSecondFactor,
} from '../auth/second-factor-reset.service.ts';
import { type StaffActor, adminClinicIds } from '../auth/staff-actor.ts';
import type { StoredAuditEvent } from '../audit/audit.repository.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import type { CaseType, StaffRoleName } from '../db/database-schema.ts';
import { countFailedJobs } from '../jobs/job.repository.ts';
import { MAIL_NOT_CONFIGURED } from '../mail/mailer.ts';
import { insertDefaultPlan } from '../measurement/default-plan.service.ts';
import {
  type MeasurementPlan,
  insertMeasurementPlan,
  listMeasurementPlans,
} from '../measurement/measurement-plan.repository.ts';
import {
  type Clinic,
  insertClinic,
  listClinics,
} from '../organizations/organization.repository.ts';
import {
  type StaffListEntry,
  insertStaffRole,
  insertSupervision,
  listStaff,
} from '../staff/staff.repository.ts';
import { createStaffUser } from '../staff/staff.service.ts';
import {
  countUndeliveredMail,
  listCasesWithoutTherapist,
  listClinicsWithCounts,
  listStaffWithoutSecondFactor,
} from './admin-overview.repository.ts';
import {
  type AuditPageFilter,
  type SupervisionPair,
  deleteSupervision,
  listAuditPage,
  listSupervisionPairs,
  replaceStaffRolesAtClinic,
  setStaffStatus,
  updateClinic,
} from './admin.repository.ts';
import { checkPlanEntries } from './plan-instruments.service.ts';

export interface AdminDeps {
  db: Database;
  clock: Clock;
}

/**
 * Clinic administration. An admin runs the clinics where they hold the admin role, and sees
 * no clinical data: these use cases touch clinics, staff, roles, plans and the audit trail.
 */

/** A clinic the actor administers, or 404 (another clinic, another organization, no clinic). */
function requireAdminOf(actor: StaffActor, clinicId: string): void {
  if (!adminClinicIds(actor).has(clinicId)) throw notFound('Clinic');
}

export async function listAdminClinics(deps: AdminDeps, actor: StaffActor): Promise<Clinic[]> {
  const ids = adminClinicIds(actor);
  return (await listClinics(deps.db, actor.organizationId)).filter((c) => ids.has(c.id));
}

/** A new clinic of the actor's organization; its creator becomes its admin. */
export async function createClinic(
  deps: AdminDeps,
  actor: StaffActor,
  input: { name: string; timeZone: string },
  origin: RequestOrigin,
): Promise<Clinic> {
  adminClinicIds(actor);
  return inTransaction(deps.db, async (trx) => {
    const clinic: Clinic = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      name: input.name,
      timeZone: input.timeZone,
    };
    const now = deps.clock().toISOString();
    await insertClinic(trx, clinic, now);
    await insertDefaultPlan(trx, clinic, now, actor.userId);
    await insertStaffRole(trx, actor.organizationId, actor.userId, {
      clinicId: clinic.id,
      role: 'admin',
    });
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'clinic.create',
      entityType: 'clinic',
      entityId: clinic.id,
      details: { timeZone: clinic.timeZone },
    });
    return clinic;
  });
}

export async function changeClinic(
  deps: AdminDeps,
  actor: StaffActor,
  clinicId: string,
  changes: { name?: string; timeZone?: string },
  origin: RequestOrigin,
): Promise<Clinic> {
  requireAdminOf(actor, clinicId);
  return inTransaction(deps.db, async (trx) => {
    if (!(await updateClinic(trx, actor.organizationId, clinicId, changes)))
      throw notFound('Clinic');
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'clinic.update',
      entityType: 'clinic',
      entityId: clinicId,
      details: { fields: Object.keys(changes).sort().join(',') },
    });
    const clinic = (await listClinics(trx, actor.organizationId)).find((c) => c.id === clinicId);
    if (!clinic) throw notFound('Clinic');
    return clinic;
  });
}

/** Staff with a role at one of the actor's clinics, with their roles there only. */
export async function listClinicStaff(
  deps: AdminDeps,
  actor: StaffActor,
): Promise<StaffListEntry[]> {
  const ids = adminClinicIds(actor);
  return (await listStaff(deps.db, actor.organizationId))
    .map((s) => ({ ...s, roles: s.roles.filter((r) => ids.has(r.clinicId)) }))
    .filter((s) => s.roles.length > 0);
}

/**
 * A staff member who holds a role at one of the actor's clinics, with all their roles; 404
 * for anyone else. This is the rule every staff change goes through (docs/access-policy.md):
 * an admin acts only on people of the clinics they run, never on a colleague who works only
 * at another clinic of the organization.
 */
async function requireStaffInMyClinics(
  trx: Executor,
  actor: StaffActor,
  staffUserId: string,
): Promise<StaffListEntry> {
  const ids = adminClinicIds(actor);
  const person = (await listStaff(trx, actor.organizationId)).find((s) => s.id === staffUserId);
  if (!person || !person.roles.some((r) => ids.has(r.clinicId))) throw notFound('Staff member');
  return person;
}

/**
 * Admins get no clinical data (docs/access-policy.md), so an admin may not hand themselves a
 * role or a supervision that opens cases: another admin of the clinic grants it (or the
 * operator, with `rapport user`), so that two people are always involved.
 */
function refuseSelfGrant(): never {
  throw new AppError(
    'forbidden',
    'You cannot give yourself a role or a supervision; another admin of the clinic must do it.',
  );
}

/**
 * A new staff account with its first role at one of the actor's clinics. It has no password:
 * the person sets one through "Forgotten your password?" (a link to their own address).
 */
export async function addStaff(
  deps: AdminDeps,
  actor: StaffActor,
  input: { email: string; displayName: string; clinicId: string; role: StaffRoleName },
): Promise<StaffListEntry> {
  requireAdminOf(actor, input.clinicId);
  const { user } = await createStaffUser(
    deps.db,
    deps.clock,
    {
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      clinic: input.clinicId,
    },
    { type: 'staff', id: actor.userId },
  );
  return { ...user, roles: [{ clinicId: input.clinicId, role: input.role }] };
}

export async function setRolesAtClinic(
  deps: AdminDeps,
  actor: StaffActor,
  staffUserId: string,
  input: { clinicId: string; roles: StaffRoleName[] },
  origin: RequestOrigin,
): Promise<StaffListEntry> {
  requireAdminOf(actor, input.clinicId);
  const roles = [...new Set(input.roles)].sort();
  // An admin cannot take away their own admin role: a clinic must never lose its last admin
  // by a slip of the mouse.
  if (staffUserId === actor.userId && !roles.includes('admin'))
    throw conflict('You cannot remove your own admin role.');
  return inTransaction(deps.db, async (trx) => {
    const person = await requireStaffInMyClinics(trx, actor, staffUserId);
    if (staffUserId === actor.userId) {
      const held = new Set(
        person.roles.filter((r) => r.clinicId === input.clinicId).map((r) => r.role),
      );
      if (roles.some((role) => !held.has(role))) refuseSelfGrant();
    }
    await replaceStaffRolesAtClinic(trx, actor.organizationId, staffUserId, input.clinicId, roles);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'staff.roles',
      entityType: 'staff_user',
      entityId: staffUserId,
      details: { clinicId: input.clinicId, roles: roles.join(',') },
    });
    const updated = await requireStaffInMyClinics(trx, actor, staffUserId).catch(() => ({
      ...person,
      roles: [],
    }));
    const ids = adminClinicIds(actor);
    return { ...updated, roles: updated.roles.filter((r) => ids.has(r.clinicId)) };
  });
}

/**
 * An admin resets a colleague's second factor (a lost phone): their TOTP secret and recovery
 * codes go, their sessions end, a mail tells them, and they set up an app again at their next
 * sign-in. Never one's own (another admin or the operator does it: two people involved),
 * only for people of the admin's clinics (404 otherwise), and only with the admin's own
 * second factor given within the last 15 minutes.
 */
export async function resetColleagueSecondFactor(
  deps: AdminDeps,
  actor: StaffActor,
  staffUserId: string,
  origin: RequestOrigin,
): Promise<void> {
  adminClinicIds(actor);
  if (staffUserId === actor.userId)
    throw new AppError(
      'forbidden',
      'You cannot reset your own second factor; another admin of your clinic (or the operator, with `rapport user reset-2fa`) must do it.',
    );
  await inTransaction(deps.db, async (trx) => {
    await requireStaffInMyClinics(trx, actor, staffUserId);
    await assertRecentSecondFactor(trx, deps.clock, actor);
    await resetSecondFactor(trx, deps.clock, {
      organizationId: actor.organizationId,
      staffUserId,
    });
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'auth.second-factor.reset',
      entityType: 'staff_user',
      entityId: staffUserId,
    });
  });
}

/** Disabling ends the person's sessions at once; enabling lets them sign in again. */
export async function setStaffAccountStatus(
  deps: AdminDeps,
  actor: StaffActor,
  staffUserId: string,
  status: 'active' | 'disabled',
  origin: RequestOrigin,
): Promise<void> {
  if (staffUserId === actor.userId) throw conflict('You cannot disable your own account.');
  await inTransaction(deps.db, async (trx) => {
    const person = await requireStaffInMyClinics(trx, actor, staffUserId);
    // An account is organization-wide: disabling it stops the person's work at every clinic,
    // so only someone who runs all of those clinics may do it.
    const ids = adminClinicIds(actor);
    if (person.roles.some((r) => !ids.has(r.clinicId)))
      throw new AppError(
        'forbidden',
        'This person also works at a clinic you do not run; remove their roles at your clinic instead.',
      );
    await setStaffStatus(trx, actor.organizationId, staffUserId, status);
    if (status === 'disabled')
      await deleteAuthSessionsOfStaff(trx, actor.organizationId, staffUserId);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: status === 'disabled' ? 'staff.disable' : 'staff.enable',
      entityType: 'staff_user',
      entityId: staffUserId,
    });
  });
}

export async function listSupervision(
  deps: AdminDeps,
  actor: StaffActor,
): Promise<SupervisionPair[]> {
  const staff = new Set((await listClinicStaff(deps, actor)).map((s) => s.id));
  return (await listSupervisionPairs(deps.db, actor.organizationId)).filter(
    (p) => staff.has(p.supervisorId) && staff.has(p.superviseeId),
  );
}

/**
 * Supervisor → supervisee. The supervisor must hold the supervisor role and the supervisee
 * the therapist role at clinics the actor runs: supervision opens the supervisee's cases to
 * the supervisor (src/server/access/case-access.repository.ts).
 */
export async function changeSupervision(
  deps: AdminDeps,
  actor: StaffActor,
  pair: SupervisionPair,
  change: 'add' | 'remove',
  origin: RequestOrigin,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const supervisor = await requireStaffInMyClinics(trx, actor, pair.supervisorId);
    const supervisee = await requireStaffInMyClinics(trx, actor, pair.superviseeId);
    if (change === 'add') {
      if (pair.supervisorId === pair.superviseeId)
        throw badRequest('Nobody supervises themselves.');
      if (pair.supervisorId === actor.userId) refuseSelfGrant();
      // Only roles at clinics the actor runs count, and both at one clinic: the pair opens
      // the supervisee's cases of that clinic only (readableCase).
      const mine = adminClinicIds(actor);
      const supervises = new Set(
        supervisor.roles
          .filter((r) => r.role === 'supervisor' && mine.has(r.clinicId))
          .map((r) => r.clinicId),
      );
      if (supervises.size === 0)
        throw badRequest('The supervisor needs the supervisor role.', [
          { path: 'body.supervisorId', message: 'has no supervisor role at your clinics' },
        ]);
      if (!supervisee.roles.some((r) => r.role === 'therapist' && supervises.has(r.clinicId)))
        throw badRequest('The supervisee needs the therapist role.', [
          {
            path: 'body.superviseeId',
            message: 'has no therapist role at a clinic where the supervisor supervises',
          },
        ]);
      await insertSupervision(trx, actor.organizationId, pair.supervisorId, pair.superviseeId);
    } else if (!(await deleteSupervision(trx, actor.organizationId, pair))) {
      throw notFound('Supervision');
    }
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: change === 'add' ? 'supervision.add' : 'supervision.remove',
      entityType: 'staff_user',
      entityId: pair.superviseeId,
      details: { supervisorId: pair.supervisorId },
    });
  });
}

export async function listClinicPlans(
  deps: AdminDeps,
  actor: StaffActor,
): Promise<MeasurementPlan[]> {
  const ids = adminClinicIds(actor);
  return (await listMeasurementPlans(deps.db, actor.organizationId)).filter((p) =>
    ids.has(p.clinicId),
  );
}

/**
 * A new version of a clinic's plan, in force from now. Earlier sessions keep the plan they
 * had (findPlanInForce looks at the session's start), so a change reaches only the future.
 */
export async function addPlanVersion(
  deps: AdminDeps,
  actor: StaffActor,
  input: { clinicId: string; caseType: CaseType | null; name: string; entries: unknown },
  origin: RequestOrigin,
): Promise<MeasurementPlan> {
  requireAdminOf(actor, input.clinicId);
  return inTransaction(deps.db, async (trx) => {
    const entries = await checkPlanEntries(trx, actor.organizationId, input.entries);
    const now = deps.clock().toISOString();
    const plan: MeasurementPlan = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      clinicId: input.clinicId,
      caseType: input.caseType,
      name: input.name,
      entries,
      effectiveFrom: now,
      createdBy: actor.userId,
    };
    await insertMeasurementPlan(trx, plan, now);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'measurement-plan.create',
      entityType: 'measurement_plan',
      entityId: plan.id,
      details: { clinicId: plan.clinicId, caseType: plan.caseType, entries: entries.length },
    });
    return plan;
  });
}

/** The organization's audit trail for any of its admins; reading it is itself audited. */
export async function readAuditTrail(
  deps: AdminDeps,
  actor: StaffActor,
  filter: AuditPageFilter,
  origin: RequestOrigin,
): Promise<{ events: StoredAuditEvent[]; nextBefore: number | null }> {
  adminClinicIds(actor);
  return inTransaction(deps.db, async (trx) => {
    const page = await listAuditPage(trx, actor.organizationId, filter);
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'audit.read',
      entityType: 'audit_event',
      entityId: null,
      details: { events: page.events.length },
    });
    return {
      events: page.events,
      nextBefore: page.hasMore ? (page.events.at(-1)?.id ?? null) : null,
    };
  });
}

/**
 * How many of the organization's mails ended unsent because no mail server is configured,
 * so an admin learns that invitations and alerts are not reaching anyone.
 */
export async function readMailStatus(
  deps: AdminDeps,
  actor: StaffActor,
): Promise<{ notSentNoMailServer: number }> {
  adminClinicIds(actor);
  return {
    notSentNoMailServer: await countFailedJobs(deps.db, actor.organizationId, MAIL_NOT_CONFIGURED),
  };
}

/**
 * The admin's home: the clinics they run with staff and open cases counted, and what needs
 * doing there — staff without a second factor, open cases without a therapist, mail that
 * was not sent. Names of colleagues and case references only: nothing clinical.
 */
export async function readAdminOverview(
  deps: AdminDeps,
  actor: StaffActor,
): Promise<AdminOverview> {
  const clinicIds = [...adminClinicIds(actor)];
  return inTransaction(deps.db, async (trx) => ({
    clinics: await listClinicsWithCounts(trx, actor.organizationId, clinicIds),
    staffWithoutSecondFactor: await listStaffWithoutSecondFactor(
      trx,
      actor.organizationId,
      clinicIds,
    ),
    casesWithoutTherapist: await listCasesWithoutTherapist(trx, actor.organizationId, clinicIds),
    mail: await countUndeliveredMail(trx, actor.organizationId),
  }));
}
