import type { Executor } from '../db/database.ts';

export interface DataNotice {
  clinicId: string;
  text: string;
  updatedAt: string;
  updatedBy: string | null;
}

export async function findDataNotice(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<DataNotice | undefined> {
  const row = await db
    .selectFrom('clinic_data_notice')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return (
    row && {
      clinicId: row.clinic_id,
      text: row.text,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }
  );
}

export async function saveDataNotice(
  db: Executor,
  organizationId: string,
  notice: DataNotice,
): Promise<void> {
  await db
    .insertInto('clinic_data_notice')
    .values({
      clinic_id: notice.clinicId,
      organization_id: organizationId,
      text: notice.text,
      updated_at: notice.updatedAt,
      updated_by: notice.updatedBy,
    })
    .onConflict((oc) =>
      oc.column('clinic_id').doUpdateSet({
        text: notice.text,
        updated_at: notice.updatedAt,
        updated_by: notice.updatedBy,
      }),
    )
    .execute();
}

/** Remembers that a client has read a clinic's notice (again, if it changed since). */
export async function saveNoticeAcknowledgement(
  db: Executor,
  organizationId: string,
  clientId: string,
  clinicId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('client_notice_acknowledgement')
    .values({
      organization_id: organizationId,
      client_id: clientId,
      clinic_id: clinicId,
      acknowledged_at: at,
    })
    .onConflict((oc) => oc.columns(['client_id', 'clinic_id']).doUpdateSet({ acknowledged_at: at }))
    .execute();
}

/** True when the clinic belongs to the organization (admin routes answer 404 otherwise). */
export async function clinicExists(
  db: Executor,
  organizationId: string,
  clinicId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('clinic')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', clinicId)
    .executeTakeFirst();
  return !!row;
}
