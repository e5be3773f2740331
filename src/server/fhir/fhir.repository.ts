import type { AliasableExpression, Expression, SqlBool } from 'kysely';
import type { FhirSearch } from '../../core/fhir/fhir-search.ts';
import { type ApiTokenScope, tokenReadableCase } from '../access/api-token-access.repository.ts';
import { readableCase } from '../access/case-access.repository.ts';
import { clinicalAnswer, clinicalScore } from '../access/study-only-answers.repository.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import type { Executor } from '../db/database.ts';

/**
 * Who reads through the FHIR API: a signed-in staff member (the app's own rules) or an API
 * token (the cases of its clinics). Either way the scope is part of each query below.
 */
export type FhirReader =
  { kind: 'staff'; actor: StaffActor } | { kind: 'token'; token: ApiTokenScope };

export const readerOrganization = (reader: FhirReader): string =>
  reader.kind === 'staff' ? reader.actor.organizationId : reader.token.organizationId;

function readerCase(reader: FhirReader, caseId: Expression<string>): AliasableExpression<SqlBool> {
  return reader.kind === 'staff'
    ? readableCase(reader.actor, caseId)
    : tokenReadableCase(reader.token, caseId);
}

/** A client's stored response, as a QuestionnaireResponse needs it. */
export interface FhirResponseRow {
  id: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: Record<string, unknown>;
  submittedAt: string;
  clientId: string;
}

/** One scored scale of a client's response, as an Observation needs it. */
export interface FhirScoreRow {
  id: string;
  responseId: string;
  instrumentId: string;
  instrumentVersion: string;
  scaleId: string;
  value: number;
  itemMean: number | null;
  answered: number;
  itemCount: number;
  prorated: boolean;
  band: string | null;
  submittedAt: string;
  clientId: string;
}

type Filter = Pick<FhirSearch, 'subject' | 'from' | 'until' | 'after'> & { id?: string };

/**
 * Clients' responses the reader may see (therapists' own forms and study-only answers are
 * not served), by answer time then id, `limit` at most; filtered as the search says.
 */
export async function listFhirResponses(
  db: Executor,
  reader: FhirReader,
  filter: Filter,
  limit: number,
): Promise<FhirResponseRow[]> {
  let query = db
    .selectFrom('questionnaire_response as a')
    .innerJoin('questionnaire_request as r', (join) =>
      join.onRef('r.id', '=', 'a.request_id').onRef('r.organization_id', '=', 'a.organization_id'),
    )
    .select([
      'a.id',
      'a.instrument_id',
      'a.instrument_version',
      'a.answers',
      'a.submitted_at',
      'r.client_id',
    ])
    .where('a.organization_id', '=', readerOrganization(reader))
    .where('r.respondent_kind', '=', 'client')
    .where('r.client_id', 'is not', null)
    .where((eb) => readerCase(reader, eb.ref('a.case_id')))
    .where((eb) => clinicalAnswer(eb.ref('a.request_id'), eb.ref('a.instrument_id')));
  if (filter.id !== undefined) query = query.where('a.id', '=', filter.id);
  if (filter.subject !== undefined) query = query.where('r.client_id', '=', filter.subject);
  if (filter.from !== undefined) query = query.where('a.submitted_at', '>=', filter.from);
  if (filter.until !== undefined) query = query.where('a.submitted_at', '<', filter.until);
  const after = filter.after;
  if (after !== undefined)
    query = query.where((eb) =>
      eb.or([
        eb('a.submitted_at', '>', after.date),
        eb.and([eb('a.submitted_at', '=', after.date), eb('a.id', '>', after.id)]),
      ]),
    );
  const rows = await query.orderBy('a.submitted_at').orderBy('a.id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    instrumentId: row.instrument_id,
    instrumentVersion: row.instrument_version,
    answers: JSON.parse(row.answers) as Record<string, unknown>,
    submittedAt: row.submitted_at,
    clientId: row.client_id as string,
  }));
}

/**
 * Clients' scored scales the reader may see, by answer time then id, `limit` at most;
 * `scales` (instrument and scale ids a code search stands for) narrows them when given.
 */
export async function listFhirScores(
  db: Executor,
  reader: FhirReader,
  filter: Filter & { scales?: readonly { instrumentId: string; scaleId: string }[] },
  limit: number,
): Promise<FhirScoreRow[]> {
  if (filter.scales !== undefined && filter.scales.length === 0) return [];
  let query = db
    .selectFrom('score as s')
    .innerJoin('questionnaire_response as a', (join) =>
      join.onRef('a.id', '=', 's.response_id').onRef('a.organization_id', '=', 's.organization_id'),
    )
    .select([
      's.id',
      's.response_id',
      's.instrument_id',
      's.instrument_version',
      's.scale_id',
      's.value',
      's.item_mean',
      's.answered',
      's.item_count',
      's.prorated',
      's.band',
      's.client_id',
      'a.submitted_at',
    ])
    .where('s.organization_id', '=', readerOrganization(reader))
    .where('s.respondent_kind', '=', 'client')
    .where('s.client_id', 'is not', null)
    .where('s.value', 'is not', null)
    .where((eb) => readerCase(reader, eb.ref('s.case_id')))
    .where((eb) => clinicalScore(eb.ref('s.response_id')));
  if (filter.id !== undefined) query = query.where('s.id', '=', filter.id);
  if (filter.subject !== undefined) query = query.where('s.client_id', '=', filter.subject);
  if (filter.from !== undefined) query = query.where('a.submitted_at', '>=', filter.from);
  if (filter.until !== undefined) query = query.where('a.submitted_at', '<', filter.until);
  const scales = filter.scales;
  if (scales !== undefined)
    query = query.where((eb) =>
      eb.or(
        scales.map((s) =>
          eb.and([eb('s.instrument_id', '=', s.instrumentId), eb('s.scale_id', '=', s.scaleId)]),
        ),
      ),
    );
  const after = filter.after;
  if (after !== undefined)
    query = query.where((eb) =>
      eb.or([
        eb('a.submitted_at', '>', after.date),
        eb.and([eb('a.submitted_at', '=', after.date), eb('s.id', '>', after.id)]),
      ]),
    );
  const rows = await query.orderBy('a.submitted_at').orderBy('s.id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    responseId: row.response_id,
    instrumentId: row.instrument_id,
    instrumentVersion: row.instrument_version,
    scaleId: row.scale_id,
    value: row.value as number,
    itemMean: row.item_mean,
    answered: row.answered,
    itemCount: row.item_count,
    prorated: row.prorated === 1,
    band: row.band,
    submittedAt: row.submitted_at,
    clientId: row.client_id as string,
  }));
}
