import {
  type CaseAccess,
  readableCase,
  sqlTrue,
  writableCase,
} from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { compiledOnce } from '../db/compiled-once.ts';
import { type Executor, isPostgres } from '../db/database.ts';
import type {
  QuestionnaireRequestTable,
  RequestOccasion,
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
  /** When the client's link was first opened; absent or null while it never was. */
  firstOpenedAt?: string | null;
}

export const respondentKey = (kind: RespondentKind, id: string) => `${kind}:${id}`;

/**
 * An end-of-care request is keyed apart ('end-of-care:client:<id>') so it can sit beside its
 * session's own request of the same person, and only once per case (the partial unique index
 * of migration 2026-12-08). Answers keep the person's key (response-rows.ts).
 */
export const requestToRow = (
  r: QuestionnaireRequest,
  tokenHash: string | null,
  occasion: RequestOccasion = 'session',
): QuestionnaireRequestTable => ({
  id: r.id,
  organization_id: r.organizationId,
  case_id: r.caseId,
  session_id: r.sessionId,
  respondent_kind: r.respondentKind,
  client_id: r.clientId,
  staff_user_id: r.staffUserId,
  respondent_key: `${occasion === 'end-of-care' ? 'end-of-care:' : ''}${respondentKey(r.respondentKind, (r.clientId ?? r.staffUserId)!)}`,
  instruments: JSON.stringify(r.instruments),
  language: r.language,
  token_hash: tokenHash,
  status: r.status,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  completed_at: r.completedAt,
  revoked_at: null,
  first_opened_at: r.firstOpenedAt ?? null,
  occasion,
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
  firstOpenedAt: row.first_opened_at,
});

/**
 * Inserts requests; one that already exists for the same respondent and session (or, at the
 * end of care, for the same respondent and case) is kept as it was. Returns the ids of the
 * requests inserted.
 */
export async function insertRequests(
  db: Executor,
  rows: QuestionnaireRequestTable[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('questionnaire_request')
    .values(rows)
    // No conflict target: either unique key (session and respondent, or case and respondent
    // at the end of care) leaves the existing request as it is.
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return inserted.map((row) => row.id);
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

/**
 * A request with the actor's access to its case, decided in SQL: undefined when the actor
 * may not read the case (or the request is of another organization, or does not exist).
 */
export async function findRequestForActor(
  db: Executor,
  actor: StaffActor,
  id: string,
): Promise<(QuestionnaireRequest & { access: CaseAccess }) | undefined> {
  const row = await db
    .selectFrom('questionnaire_request')
    .selectAll()
    .select((eb) => writableCase(actor, eb.ref('questionnaire_request.case_id')).as('can_write'))
    .where('organization_id', '=', actor.organizationId)
    .where('id', '=', id)
    .where((eb) => readableCase(actor, eb.ref('questionnaire_request.case_id')))
    .executeTakeFirst();
  if (!row) return undefined;
  const { can_write, ...request } = row;
  return { ...requestRowToRequest(request), access: sqlTrue(can_write) ? 'write' : 'read' };
}

/** A request and the number of its session: what storing a response needs. */
export interface RequestForSubmission {
  request: QuestionnaireRequest;
  sessionNumber: number;
}

/** The request joined to its session (a request always has one): one query, not two. */
const selectRequestsWithSessionNumber = (db: Executor) =>
  db
    .selectFrom('questionnaire_request')
    .innerJoin('therapy_session', (join) =>
      join
        .onRef('therapy_session.id', '=', 'questionnaire_request.session_id')
        .onRef('therapy_session.organization_id', '=', 'questionnaire_request.organization_id'),
    )
    .selectAll('questionnaire_request')
    .select('therapy_session.number as session_number');

const rowToRequestForSubmission = (
  row: QuestionnaireRequestTable & { session_number: number },
): RequestForSubmission => ({
  request: requestRowToRequest(row),
  sessionNumber: Number(row.session_number),
});

/**
 * Inside a submission's transaction. On PostgreSQL the request row is locked, so two forms
 * of one request stored at the same moment are decided one after the other and the second
 * sees the first (otherwise each can miss the other and the request stays open).
 */
export async function findRequestForSubmission(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<RequestForSubmission | undefined> {
  const row = await selectRequestsWithSessionNumber(db)
    .where('questionnaire_request.organization_id', '=', organizationId)
    .where('questionnaire_request.id', '=', id)
    .$if(isPostgres(db), (q) => q.forUpdate('questionnaire_request'))
    .executeTakeFirst();
  return row && rowToRequestForSubmission(row);
}

/**
 * The request behind a live visit, found by the hash of its cookie's token (the only way a
 * client is known), with its session's number: one query for what a submission needs.
 */
export async function findRequestOfLiveVisit(
  db: Executor,
  tokenHash: string,
  now: string,
  /** Inside a submission's transaction: lock the request, as findRequestForSubmission. */
  forSubmission = false,
): Promise<RequestForSubmission | undefined> {
  const [row] = await (forSubmission ? requestOfLiveVisitLocked : requestOfLiveVisit)(
    db,
    tokenHash,
    now,
  );
  return row && rowToRequestForSubmission(row);
}

const selectRequestOfLiveVisit = (db: Executor, tokenHash: string, now: string) =>
  selectRequestsWithSessionNumber(db)
    .innerJoin('questionnaire_visit', (join) =>
      join
        .onRef('questionnaire_visit.request_id', '=', 'questionnaire_request.id')
        .onRef('questionnaire_visit.organization_id', '=', 'questionnaire_request.organization_id'),
    )
    .where('questionnaire_visit.token_hash', '=', tokenHash)
    .where('questionnaire_visit.expires_at', '>', now);
// Every client submission starts with this query: built once, not per call.
const requestOfLiveVisit = compiledOnce(selectRequestOfLiveVisit);
const requestOfLiveVisitLocked = compiledOnce((db: Executor, tokenHash: string, now: string) =>
  selectRequestOfLiveVisit(db, tokenHash, now).$if(isPostgres(db), (q) =>
    q.forUpdate('questionnaire_request'),
  ),
);

/** An organization's newest requests still open at `now`: the demo prints their links. */
export async function listOpenRequests(
  db: Executor,
  organizationId: string,
  now: string,
  limit: number,
): Promise<{ requestId: string; caseId: string }[]> {
  const rows = await db
    .selectFrom('questionnaire_request')
    .select(['id', 'case_id'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ requestId: r.id, caseId: r.case_id }));
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

/**
 * Notes the first opening of a request's link: only while none is noted, so a later opening
 * (a reload, another device) never moves the start of the person's answering.
 */
export async function markRequestFirstOpened(
  db: Executor,
  organizationId: string,
  id: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('questionnaire_request')
    .set({ first_opened_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('first_opened_at', 'is', null)
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
