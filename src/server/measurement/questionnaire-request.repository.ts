import type { Executor } from '../db/database.ts';
import type {
  QuestionnaireRequestTable,
  RequestStatus,
  RespondentKind,
} from '../db/database-schema.ts';

export interface QuestionnaireRequest {
  id: string;
  organizationId: string;
  caseId: string;
  sessionId: string;
  respondentKind: RespondentKind;
  clientId: string | null;
  staffUserId: string | null;
  instruments: string[];
  language: string;
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
}

export const respondentKey = (kind: RespondentKind, id: string) => `${kind}:${id}`;

export const requestToRow = (
  r: QuestionnaireRequest,
  tokenHash: string | null,
): QuestionnaireRequestTable => ({
  id: r.id,
  organization_id: r.organizationId,
  case_id: r.caseId,
  session_id: r.sessionId,
  respondent_kind: r.respondentKind,
  client_id: r.clientId,
  staff_user_id: r.staffUserId,
  respondent_key: respondentKey(r.respondentKind, (r.clientId ?? r.staffUserId)!),
  instruments: JSON.stringify(r.instruments),
  language: r.language,
  token_hash: tokenHash,
  status: r.status,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  completed_at: r.completedAt,
  revoked_at: null,
});

const requestRowToRequest = (row: QuestionnaireRequestTable): QuestionnaireRequest => ({
  id: row.id,
  organizationId: row.organization_id,
  caseId: row.case_id,
  sessionId: row.session_id,
  respondentKind: row.respondent_kind,
  clientId: row.client_id,
  staffUserId: row.staff_user_id,
  instruments: JSON.parse(row.instruments) as string[],
  language: row.language,
  status: row.status,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  completedAt: row.completed_at,
});

/** Inserts requests; one that already exists for the same respondent and session is kept as it was. */
export async function insertRequests(
  db: Executor,
  rows: QuestionnaireRequestTable[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('questionnaire_request')
    .values(rows)
    .onConflict((oc) => oc.columns(['session_id', 'respondent_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function listRequestsForSession(
  db: Executor,
  organizationId: string,
  sessionId: string,
): Promise<QuestionnaireRequest[]> {
  const rows = await db
    .selectFrom('questionnaire_request')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('session_id', '=', sessionId)
    .orderBy('respondent_key')
    .execute();
  return rows.map(requestRowToRequest);
}

export async function findRequest(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<QuestionnaireRequest | undefined> {
  const row = await db
    .selectFrom('questionnaire_request')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && requestRowToRequest(row);
}

/** A link's request, found by the hash of its token (the only way in for a client). */
export async function findRequestByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<QuestionnaireRequest | undefined> {
  const row = await db
    .selectFrom('questionnaire_request')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && requestRowToRequest(row);
}

export async function setRequestStatus(
  db: Executor,
  organizationId: string,
  id: string,
  status: RequestStatus,
  at: string,
): Promise<void> {
  await db
    .updateTable('questionnaire_request')
    .set({
      status,
      ...(status === 'completed' && { completed_at: at }),
      ...(status === 'revoked' && { revoked_at: at }),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Open requests per case, for the caseload's "forms outstanding". */
export async function countOpenRequestsByCase(
  db: Executor,
  organizationId: string,
  caseIds: string[],
  now: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (caseIds.length === 0) return counts;
  const rows = await db
    .selectFrom('questionnaire_request')
    .select(['case_id', (eb) => eb.fn.countAll().as('n')])
    .where('organization_id', '=', organizationId)
    .where('case_id', 'in', caseIds)
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .groupBy('case_id')
    .execute();
  for (const row of rows) counts.set(row.case_id, Number(row.n));
  return counts;
}
