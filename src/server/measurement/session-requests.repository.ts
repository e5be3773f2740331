import { readableCase } from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RequestOccasion, RequestStatus, RespondentKind } from '../db/database-schema.ts';

/** A session's request as the case's staff see it: who answers, what, and how far it got. */
export interface SessionRequestView {
  id: string;
  respondentKind: RespondentKind;
  /** The client's given name, or the therapist's display name. */
  respondentName: string;
  /** The therapist who answers a therapist request; null for a client's. */
  staffUserId: string | null;
  /** The language the respondent reads (BCP 47). */
  language: string;
  instruments: string[];
  status: RequestStatus;
  expiresAt: string;
  completedAt: string | null;
  occasion: RequestOccasion;
}

/** A session's requests, when the actor may read its case (none otherwise). */
export async function listSessionRequestViews(
  db: Executor,
  actor: StaffActor,
  sessionId: string,
): Promise<SessionRequestView[]> {
  const rows = await db
    .selectFrom('questionnaire_request as r')
    .leftJoin('client as c', (join) =>
      join.onRef('c.id', '=', 'r.client_id').onRef('c.organization_id', '=', 'r.organization_id'),
    )
    .leftJoin('staff_user as u', (join) =>
      join
        .onRef('u.id', '=', 'r.staff_user_id')
        .onRef('u.organization_id', '=', 'r.organization_id'),
    )
    .select([
      'r.id',
      'r.respondent_kind',
      'c.given_name',
      'u.display_name',
      'r.staff_user_id',
      'r.language',
      'r.instruments',
      'r.status',
      'r.expires_at',
      'r.completed_at',
      'r.occasion',
    ])
    .where('r.organization_id', '=', actor.organizationId)
    .where('r.session_id', '=', sessionId)
    .where((eb) => readableCase(actor, eb.ref('r.case_id')))
    .orderBy('r.respondent_kind')
    .orderBy('c.given_name')
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    respondentKind: row.respondent_kind,
    respondentName: row.given_name ?? row.display_name ?? '',
    staffUserId: row.staff_user_id,
    language: row.language,
    instruments: JSON.parse(row.instruments) as string[],
    status: row.status,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
    occasion: row.occasion,
  }));
}
