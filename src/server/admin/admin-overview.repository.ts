import { sql } from 'kysely';
import type { AdminOverview } from '../../core/api/admin.ts';
import { MAIL_NOT_CONFIGURED_CODE } from '../../core/measurement/mail-delivery.ts';
import { SECOND_FACTOR_RESET_MAIL_JOB } from '../auth/second-factor-reset.service.ts';
import { PASSWORD_RESET_MAIL_JOB } from '../auth/password.service.ts';
import { ALERTS_NOTIFY_URGENT_JOB } from '../alerts/alert-jobs.ts';
import type { Executor } from '../db/database.ts';
import {
  QUESTIONNAIRE_DELIVER_JOB,
  QUESTIONNAIRE_REMIND_JOB,
} from '../measurement/request-delivery.service.ts';

/** Every job that sends a mail: its failures are the undelivered mail an admin is told of. */
const MAIL_JOBS = [
  QUESTIONNAIRE_DELIVER_JOB,
  QUESTIONNAIRE_REMIND_JOB,
  ALERTS_NOTIFY_URGENT_JOB,
  PASSWORD_RESET_MAIL_JOB,
  SECOND_FACTOR_RESET_MAIL_JOB,
];

/** The clinics `clinicIds` with their staff and open cases counted. */
export async function listClinicsWithCounts(
  db: Executor,
  organizationId: string,
  clinicIds: readonly string[],
): Promise<AdminOverview['clinics']> {
  const rows = await db
    .selectFrom('clinic as k')
    .select([
      'k.id',
      'k.name',
      'k.time_zone',
      (eb) =>
        eb
          .selectFrom('staff_role as r')
          .select(sql<number>`count(distinct r.staff_user_id)`.as('n'))
          .whereRef('r.clinic_id', '=', 'k.id')
          .where('r.organization_id', '=', organizationId)
          .as('staff'),
      (eb) =>
        eb
          .selectFrom('care_case as c')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('c.clinic_id', '=', 'k.id')
          .where('c.organization_id', '=', organizationId)
          .where('c.status', '!=', 'closed')
          .as('open_cases'),
    ])
    .where('k.organization_id', '=', organizationId)
    .where('k.id', 'in', clinicIds)
    .orderBy('k.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    staff: Number(r.staff ?? 0),
    openCases: Number(r.open_cases ?? 0),
  }));
}

/** Active staff with a role at one of `clinicIds` and no confirmed second factor. */
export async function listStaffWithoutSecondFactor(
  db: Executor,
  organizationId: string,
  clinicIds: readonly string[],
): Promise<AdminOverview['staffWithoutSecondFactor']> {
  const rows = await db
    .selectFrom('staff_user as u')
    .select(['u.id', 'u.display_name'])
    .where('u.organization_id', '=', organizationId)
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('staff_role as r')
          .select('r.staff_user_id')
          .whereRef('r.staff_user_id', '=', 'u.id')
          .where('r.organization_id', '=', organizationId)
          .where('r.clinic_id', 'in', clinicIds),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('staff_totp as t')
            .select('t.staff_user_id')
            .whereRef('t.staff_user_id', '=', 'u.id')
            .where('t.organization_id', '=', organizationId)
            .where('t.confirmed_at', 'is not', null),
        ),
      ),
    )
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** Open cases of `clinicIds` that no therapist is assigned to, oldest first. */
export async function listCasesWithoutTherapist(
  db: Executor,
  organizationId: string,
  clinicIds: readonly string[],
): Promise<AdminOverview['casesWithoutTherapist']> {
  const rows = await db
    .selectFrom('care_case as c')
    .innerJoin('clinic as k', 'k.id', 'c.clinic_id')
    .select(['c.id', 'c.reference', 'k.name', 'c.opened_at'])
    .where('c.organization_id', '=', organizationId)
    .where('c.clinic_id', 'in', clinicIds)
    .where('c.status', '!=', 'closed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('case_therapist as ct')
            .select('ct.case_id')
            .whereRef('ct.case_id', '=', 'c.id')
            .where('ct.organization_id', '=', organizationId),
        ),
      ),
    )
    .orderBy('c.opened_at')
    .orderBy('c.id')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    clinicName: r.name,
    openedAt: r.opened_at,
  }));
}

/** The organization's mail jobs that ended failed: for want of a mail server, or refused. */
export async function countUndeliveredMail(
  db: Executor,
  organizationId: string,
): Promise<AdminOverview['mail']> {
  const row = await db
    .selectFrom('job')
    .select([
      sql<number>`coalesce(sum(case when last_error = ${MAIL_NOT_CONFIGURED_CODE} then 1 else 0 end), 0)`.as(
        'no_server',
      ),
      (eb) => eb.fn.countAll().as('n'),
    ])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'failed')
    .where('type', 'in', MAIL_JOBS)
    .executeTakeFirstOrThrow();
  const noServer = Number(row.no_server);
  return { notSentNoMailServer: noServer, deliveryFailed: Number(row.n) - noServer };
}
