import type { Executor } from '../db/database.ts';
import type { RequestStatus } from '../db/database-schema.ts';

/** An open client request of a session whose client can be mailed. */
export interface MailableRequest {
  id: string;
  expiresAt: string;
}

/** The session's open client requests whose client has an e-mail address. */
export async function listMailableRequests(
  db: Executor,
  organizationId: string,
  sessionId: string,
): Promise<MailableRequest[]> {
  const rows = await db
    .selectFrom('questionnaire_request as r')
    .innerJoin('client as c', (join) =>
      join.onRef('c.id', '=', 'r.client_id').onRef('c.organization_id', '=', 'r.organization_id'),
    )
    .select(['r.id', 'r.expires_at'])
    .where('r.organization_id', '=', organizationId)
    .where('r.session_id', '=', sessionId)
    .where('r.respondent_kind', '=', 'client')
    .where('r.status', '=', 'open')
    .where('c.email', 'is not', null)
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({ id: row.id, expiresAt: row.expires_at }));
}

/** What a questionnaire mail needs: where it goes, whose practice, until when. */
export interface RequestMailContext {
  requestId: string;
  caseId: string;
  clientId: string;
  status: RequestStatus;
  expiresAt: string;
  language: string;
  email: string | null;
  practiceName: string;
  clinicTimeZone: string;
}

export async function findRequestMailContext(
  db: Executor,
  organizationId: string,
  requestId: string,
): Promise<RequestMailContext | undefined> {
  const row = await db
    .selectFrom('questionnaire_request as r')
    .innerJoin('client as c', (join) =>
      join.onRef('c.id', '=', 'r.client_id').onRef('c.organization_id', '=', 'r.organization_id'),
    )
    .innerJoin('care_case as k', (join) =>
      join.onRef('k.id', '=', 'r.case_id').onRef('k.organization_id', '=', 'r.organization_id'),
    )
    .innerJoin('clinic as l', (join) =>
      join.onRef('l.id', '=', 'k.clinic_id').onRef('l.organization_id', '=', 'k.organization_id'),
    )
    .innerJoin('organization as o', 'o.id', 'r.organization_id')
    .select([
      'r.id',
      'r.case_id',
      'c.id as client_id',
      'r.status',
      'r.expires_at',
      'r.language',
      'c.email',
      'o.name as practice_name',
      'l.time_zone',
    ])
    .where('r.organization_id', '=', organizationId)
    .where('r.id', '=', requestId)
    .where('r.respondent_kind', '=', 'client')
    .executeTakeFirst();
  return (
    row && {
      requestId: row.id,
      caseId: row.case_id,
      clientId: row.client_id,
      status: row.status,
      expiresAt: row.expires_at,
      language: row.language,
      email: row.email,
      practiceName: row.practice_name,
      clinicTimeZone: row.time_zone,
    }
  );
}
