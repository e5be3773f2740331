import { clinicalAnswer } from '../access/study-only-answers.repository.ts';
import { readableCase } from '../access/case-access.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';
import type { RequestOccasion, RespondentKind } from '../db/database-schema.ts';

/** One stored response of a session, with who gave it and the language they read. */
export interface SessionAnswerRow {
  responseId: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: Record<string, unknown>;
  submittedAt: string;
  respondentKind: RespondentKind;
  /** The client member's given name, or the therapist's display name. */
  respondentName: string;
  language: string;
  occasion: RequestOccasion;
  /** The flags the response's scoring raised (held on its total's score row). */
  flags: string[];
}

/**
 * A session's stored responses, when the actor may read its case (none otherwise): the
 * access scope is part of this query, so no answer is read before it applies.
 */
export async function listSessionAnswerRows(
  db: Executor,
  actor: StaffActor,
  sessionId: string,
): Promise<SessionAnswerRow[]> {
  const rows = await db
    .selectFrom('questionnaire_response as a')
    .innerJoin('questionnaire_request as r', (join) =>
      join.onRef('r.id', '=', 'a.request_id').onRef('r.organization_id', '=', 'a.organization_id'),
    )
    .leftJoin('client as c', (join) =>
      join.onRef('c.id', '=', 'r.client_id').onRef('c.organization_id', '=', 'r.organization_id'),
    )
    .leftJoin('staff_user as u', (join) =>
      join
        .onRef('u.id', '=', 'r.staff_user_id')
        .onRef('u.organization_id', '=', 'r.organization_id'),
    )
    .leftJoin('score as s', (join) =>
      join
        .onRef('s.response_id', '=', 'a.id')
        .onRef('s.organization_id', '=', 'a.organization_id')
        .on('s.scale_id', '=', 'total'),
    )
    .select([
      'a.id',
      'a.instrument_id',
      'a.instrument_version',
      'a.answers',
      'a.submitted_at',
      'r.respondent_kind',
      'r.language',
      'r.occasion',
      'c.given_name',
      'u.display_name',
      's.flags',
    ])
    .where('a.organization_id', '=', actor.organizationId)
    .where('a.session_id', '=', sessionId)
    .where((eb) => readableCase(actor, eb.ref('a.case_id')))
    .where((eb) => clinicalAnswer(eb.ref('a.request_id'), eb.ref('a.instrument_id')))
    .orderBy('r.respondent_kind')
    .orderBy('c.given_name')
    .orderBy('a.submitted_at')
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({
    responseId: row.id,
    instrumentId: row.instrument_id,
    instrumentVersion: row.instrument_version,
    answers: JSON.parse(row.answers) as Record<string, unknown>,
    submittedAt: row.submitted_at,
    respondentKind: row.respondent_kind,
    respondentName: row.given_name ?? row.display_name ?? '',
    language: row.language,
    occasion: row.occasion,
    flags: row.flags ? (JSON.parse(row.flags) as string[]) : [],
  }));
}
