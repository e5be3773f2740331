import { notFound } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import { type StaffActor, adminClinicIds } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, type Executor, inTransaction } from '../db/database.ts';
import { enqueueAlertRecompute } from '../measurement/alert-recompute-job.ts';
import {
  type AllianceSettingView,
  type AllianceSettingsBody,
  changedSettingKeys,
  describeAllianceSettings,
  mergeAllianceOverrides,
} from './alliance-settings-fields.ts';
import {
  type ClinicAllianceSpread,
  findAdministeredClinic,
  findClinicAllianceSettings,
  listActiveCaseIdsOfClinic,
  measureClinicAllianceSpread,
} from './alliance-settings.repository.ts';
import { saveClinicAllianceOverrides } from './alliance-case-history.repository.ts';

export interface AllianceSettingsView {
  clinicId: string;
  clinicName: string;
  updatedAt: string | null;
  updatedBy: string | null;
  parameters: AllianceSettingView[];
  /**
   * The clinic's own interindividual SD of client alliance totals, so an admin can replace
   * the default pooled SD (a stand-in) with the local value.
   */
  measuredPooledSd: ClinicAllianceSpread;
}

export interface SavedAllianceSettings extends AllianceSettingsView {
  /** Recompute jobs queued for the clinic's active cases. */
  recomputesQueued: number;
}

/** As on every admin route: 403 for someone who runs no clinic, 404 for another's clinic. */
async function requireAdministeredClinic(trx: Executor, actor: StaffActor, clinicId: string) {
  adminClinicIds(actor);
  const clinic = await findAdministeredClinic(trx, actor, clinicId);
  if (!clinic) throw notFound('Clinic');
  return clinic;
}

/** A clinic's alliance rule settings, for an admin of that clinic (see requireAdministeredClinic). */
export async function getAllianceSettings(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  origin: RequestOrigin,
): Promise<AllianceSettingsView> {
  return inTransaction(db, async (trx) => {
    const clinic = await requireAdministeredClinic(trx, actor, clinicId);
    const stored = await findClinicAllianceSettings(trx, actor.organizationId, clinicId);
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'alliance-settings.read',
      entityType: 'clinic',
      entityId: clinicId,
    });
    return {
      clinicId,
      clinicName: clinic.name,
      updatedAt: stored.updatedAt,
      updatedBy: stored.updatedBy,
      parameters: describeAllianceSettings(stored.overrides),
      measuredPooledSd: await measureClinicAllianceSpread(trx, actor.organizationId, clinicId),
    };
  });
}

/**
 * Replaces the clinic's configurable overrides with those given (a parameter left out goes
 * back to its default) and queues a recompute of each active case in the same
 * transaction, so the new rules apply from the next recompute and no case is forgotten.
 * Jobs read the settings when they run, so two saves in a row cost at most a redundant
 * recompute, never a stale one.
 */
export async function saveAllianceSettings(
  db: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  body: AllianceSettingsBody,
  origin: RequestOrigin,
): Promise<SavedAllianceSettings> {
  return inTransaction(db, async (trx) => {
    const clinic = await requireAdministeredClinic(trx, actor, clinicId);
    const stored = await findClinicAllianceSettings(trx, actor.organizationId, clinicId);
    const overrides = mergeAllianceOverrides(stored.overrides, body);
    const now = clock().toISOString();
    await saveClinicAllianceOverrides(
      trx,
      actor.organizationId,
      clinicId,
      overrides,
      actor.userId,
      now,
    );
    let recomputesQueued = 0;
    for (const caseId of await listActiveCaseIdsOfClinic(trx, actor.organizationId, clinicId))
      if (await enqueueAlertRecompute(trx, clock, actor.organizationId, caseId, `settings:${now}`))
        recomputesQueued += 1;
    const changed = changedSettingKeys(stored.overrides, overrides);
    await recordStaffAudit(trx, clock, actor, origin, {
      action: 'alliance-settings.update',
      entityType: 'clinic',
      entityId: clinicId,
      details: { changed: changed.join(','), recomputesQueued },
    });
    return {
      clinicId,
      clinicName: clinic.name,
      updatedAt: now,
      updatedBy: actor.userId,
      parameters: describeAllianceSettings(overrides),
      measuredPooledSd: await measureClinicAllianceSpread(trx, actor.organizationId, clinicId),
      recomputesQueued,
    };
  });
}
