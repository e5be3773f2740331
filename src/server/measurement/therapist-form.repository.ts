import { writableCase } from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RequestStatus } from '../db/database-schema.ts';

/** A request the signed-in therapist answers themselves, with the session it is about. */
export interface TherapistFormRequest {
  id: string;
  caseId: string;
  caseReference: string;
  sessionId: string;
  sessionNumber: number;
  sessionStartsAt: string;
  clinicTimeZone: string;
  instruments: string[];
  language: string;
  status: RequestStatus;
  expiresAt: string;
}

/**
 * The actor's own therapist requests, on cases they are still a therapist of: scoped in SQL
 * by organization, by the request's therapist and by `writableCase`.
 */
function ownRequests(db: Executor, actor: StaffActor) {
  return db
    .selectFrom('questionnaire_request as r')
    .innerJoin('therapy_session as s', (join) =>
      join.onRef('s.id', '=', 'r.session_id').onRef('s.organization_id', '=', 'r.organization_id'),
    )
    .innerJoin('care_case as c', (join) =>
      join.onRef('c.id', '=', 'r.case_id').onRef('c.organization_id', '=', 'r.organization_id'),
    )
    .innerJoin('clinic as k', 'k.id', 'c.clinic_id')
    .select([
      'r.id',
      'r.case_id',
      'c.reference',
      'r.session_id',
      's.number',
      's.starts_at',
      'k.time_zone',
      'r.instruments',
      'r.language',
      'r.status',
      'r.expires_at',
    ])
    .where('r.organization_id', '=', actor.organizationId)
    .where('r.respondent_kind', '=', 'therapist')
    .where('r.staff_user_id', '=', actor.userId)
    .where((eb) => writableCase(actor, eb.ref('r.case_id')));
}

type OwnRow = Awaited<ReturnType<ReturnType<typeof ownRequests>['execute']>>[number];

const rowToFormRequest = (row: OwnRow): TherapistFormRequest => ({
  id: row.id,
  caseId: row.case_id,
  caseReference: row.reference,
  sessionId: row.session_id,
  sessionNumber: Number(row.number),
  sessionStartsAt: row.starts_at,
  clinicTimeZone: row.time_zone,
  instruments: JSON.parse(row.instruments) as string[],
  language: row.language,
  status: row.status,
  expiresAt: row.expires_at,
});

/** The actor's therapist requests still open at `now`, oldest session first. */
export async function listOpenTherapistRequests(
  db: Executor,
  actor: StaffActor,
  now: string,
): Promise<TherapistFormRequest[]> {
  const rows = await ownRequests(db, actor)
    .where('r.status', '=', 'open')
    .where('r.expires_at', '>', now)
    .orderBy('s.starts_at')
    .orderBy('r.id')
    .execute();
  return rows.map(rowToFormRequest);
}

/** One of the actor's own therapist requests, whatever its state. */
export async function findOwnTherapistRequest(
  db: Executor,
  actor: StaffActor,
  requestId: string,
): Promise<TherapistFormRequest | undefined> {
  const row = await ownRequests(db, actor).where('r.id', '=', requestId).executeTakeFirst();
  return row && rowToFormRequest(row);
}
