import type { Executor } from '../db/database.ts';

export interface QuestionnaireVisit {
  id: string;
  organizationId: string;
  requestId: string;
  createdAt: string;
  expiresAt: string;
}

export async function insertVisit(
  db: Executor,
  visit: QuestionnaireVisit,
  tokenHash: string,
): Promise<void> {
  await db
    .insertInto('questionnaire_visit')
    .values({
      id: visit.id,
      token_hash: tokenHash,
      organization_id: visit.organizationId,
      request_id: visit.requestId,
      created_at: visit.createdAt,
      expires_at: visit.expiresAt,
    })
    .execute();
}

/** What the questionnaire page shows besides the forms: first name, clinic, notice state. */
export interface RespondentContext {
  clinicId: string;
  givenName: string | null;
  notice: { text: string; updatedAt: string } | null;
  acknowledgedAt: string | null;
  /** The display name of the case's (primary) therapist, if any. */
  therapistName: string | null;
}

export async function findRespondentContext(
  db: Executor,
  organizationId: string,
  caseId: string,
  clientId: string | null,
): Promise<RespondentContext | undefined> {
  const row = await db
    .selectFrom('care_case')
    .leftJoin('clinic_data_notice', (join) =>
      join
        .onRef('clinic_data_notice.clinic_id', '=', 'care_case.clinic_id')
        .on('clinic_data_notice.organization_id', '=', organizationId),
    )
    .leftJoin('client', (join) =>
      join.on('client.id', '=', clientId).on('client.organization_id', '=', organizationId),
    )
    .leftJoin('client_notice_acknowledgement', (join) =>
      join
        .onRef('client_notice_acknowledgement.clinic_id', '=', 'care_case.clinic_id')
        .on('client_notice_acknowledgement.client_id', '=', clientId)
        .on('client_notice_acknowledgement.organization_id', '=', organizationId),
    )
    .select([
      'care_case.clinic_id as clinicId',
      'client.given_name as givenName',
      'clinic_data_notice.text as noticeText',
      'clinic_data_notice.updated_at as noticeUpdatedAt',
      'client_notice_acknowledgement.acknowledged_at as acknowledgedAt',
      // The case's primary therapist, whose name fills the WAI's blank.
      (eb) =>
        eb
          .selectFrom('case_therapist')
          .innerJoin('staff_user', (join) =>
            join
              .onRef('staff_user.id', '=', 'case_therapist.staff_user_id')
              .onRef('staff_user.organization_id', '=', 'case_therapist.organization_id'),
          )
          .select('staff_user.display_name')
          .whereRef('case_therapist.case_id', '=', 'care_case.id')
          .where('case_therapist.organization_id', '=', organizationId)
          .orderBy('case_therapist.is_primary', 'desc')
          .orderBy('staff_user.display_name')
          .limit(1)
          .as('therapistName'),
    ])
    .where('care_case.organization_id', '=', organizationId)
    .where('care_case.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    clinicId: row.clinicId,
    givenName: row.givenName,
    notice:
      row.noticeText !== null && row.noticeUpdatedAt !== null
        ? { text: row.noticeText, updatedAt: row.noticeUpdatedAt }
        : null,
    acknowledgedAt: row.acknowledgedAt,
    therapistName: row.therapistName ?? null,
  };
}
