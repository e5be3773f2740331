import type { RequestOrigin } from '../auth/auth-deps.ts';
import { type StaffActor, adminClinicIds } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { type Database, inTransaction } from '../db/database.ts';
import { clinicExists, findDataNotice, saveDataNotice } from './data-notice.repository.ts';
import { notFound } from '../../core/app-error.ts';

export interface DataNoticeView {
  clinicId: string;
  text: string | null;
  updatedAt: string | null;
}

/**
 * Only an admin of that very clinic may see or change its notice. As on every admin route,
 * someone who runs no clinic gets 403 and an admin of another clinic or organization 404.
 */
async function requireClinicAdmin(db: Database, actor: StaffActor, clinicId: string) {
  const isAdmin = adminClinicIds(actor).has(clinicId);
  if (!isAdmin || !(await clinicExists(db, actor.organizationId, clinicId)))
    throw notFound('Clinic');
}

export async function getDataNotice(
  deps: { db: Database; clock: Clock },
  actor: StaffActor,
  clinicId: string,
  origin: RequestOrigin,
): Promise<DataNoticeView> {
  await requireClinicAdmin(deps.db, actor, clinicId);
  const notice = await findDataNotice(deps.db, actor.organizationId, clinicId);
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'data-notice.read',
    entityType: 'clinic',
    entityId: clinicId,
  });
  return { clinicId, text: notice?.text ?? null, updatedAt: notice?.updatedAt ?? null };
}

export async function updateDataNotice(
  deps: { db: Database; clock: Clock },
  actor: StaffActor,
  clinicId: string,
  text: string,
  origin: RequestOrigin,
): Promise<DataNoticeView> {
  await requireClinicAdmin(deps.db, actor, clinicId);
  const updatedAt = deps.clock().toISOString();
  await inTransaction(deps.db, async (trx) => {
    await saveDataNotice(trx, actor.organizationId, {
      clinicId,
      text,
      updatedAt,
      updatedBy: actor.userId,
    });
    await recordStaffAudit(trx, deps.clock, actor, origin, {
      action: 'data-notice.update',
      entityType: 'clinic',
      entityId: clinicId,
      details: { length: text.length },
    });
  });
  return { clinicId, text, updatedAt };
}
