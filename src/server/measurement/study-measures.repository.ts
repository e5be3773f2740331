import type { ParticipantMeasure } from '../../core/research/plan-study-items.ts';
import { sqlTrue } from '../access/case-access.repository.ts';
import type { Executor } from '../db/database.ts';
import type { StudyRequestItemTable } from '../db/database-schema.ts';

// The study's share of a session's requests (issue 16). The research tables are read here,
// in measurement, because creating a session's requests (this feature) must add the study's
// forms in the same transaction, and research sits above measurement in the feature order.

/** A study measure of a person of a case, with who answers it. */
export interface CaseStudyMeasure extends ParticipantMeasure {
  respondent: 'client' | 'therapist';
  /** The client member (client measures) or the therapist (therapist measures). */
  personId: string;
}

/**
 * The measures of every consented participant of a case, in study and position order: the
 * case's client members enrolled with it, and each of `therapistIds` who is a consented
 * therapist participant of a study in which this case is enrolled (it has a consented client
 * participant). Studies in draft ask nothing; a closed study is closed to recruitment, and
 * its consented participants go on to their last measure. Invited, declined, withdrawn and
 * completed people are not here: they get only the clinic's forms.
 */
export async function listCaseStudyMeasures(
  db: Executor,
  organizationId: string,
  caseId: string,
  therapistIds: readonly string[],
): Promise<CaseStudyMeasure[]> {
  const rows = await db
    .selectFrom('study_participant as p')
    .innerJoin('study as s', (join) =>
      join.onRef('s.id', '=', 'p.study_id').onRef('s.organization_id', '=', 'p.organization_id'),
    )
    .innerJoin('study_measure as m', (join) =>
      join
        .onRef('m.study_id', '=', 'p.study_id')
        .onRef('m.organization_id', '=', 'p.organization_id')
        .onRef('m.respondent', '=', 'p.role'),
    )
    .select((eb) => [
      'p.id as participant_id',
      'p.study_id',
      'p.role',
      'p.client_id',
      'p.staff_user_id',
      'm.id as measure_id',
      'm.instrument_id',
      'm.timing',
      'm.session_numbers',
      eb
        .exists(
          eb
            .selectFrom('study_request_item as i')
            .innerJoin('questionnaire_request as r', (join) =>
              join
                .onRef('r.id', '=', 'i.request_id')
                .onRef('r.organization_id', '=', 'i.organization_id'),
            )
            .select('i.request_id')
            .whereRef('i.participant_id', '=', 'p.id')
            .whereRef('i.measure_id', '=', 'm.id')
            .where('r.status', '<>', 'revoked'),
        )
        .as('already_asked'),
    ])
    .where('p.organization_id', '=', organizationId)
    .where('p.status', '=', 'consented')
    .where('s.status', 'in', ['recruiting', 'closed'])
    .where((eb) => {
      const client = eb.and([eb('p.role', '=', 'client'), eb('p.case_id', '=', caseId)]);
      if (therapistIds.length === 0) return client;
      return eb.or([
        client,
        eb.and([
          eb('p.role', '=', 'therapist'),
          eb('p.staff_user_id', 'in', therapistIds),
          eb.exists(
            eb
              .selectFrom('study_participant as enrolled')
              .select('enrolled.id')
              .where('enrolled.organization_id', '=', organizationId)
              .whereRef('enrolled.study_id', '=', 'p.study_id')
              .where('enrolled.role', '=', 'client')
              .where('enrolled.case_id', '=', caseId)
              .where('enrolled.status', '=', 'consented'),
          ),
        ]),
      ]);
    })
    .orderBy('p.study_id')
    .orderBy('m.position')
    .orderBy('m.id')
    .execute();
  return rows.map((row) => ({
    studyId: row.study_id,
    participantId: row.participant_id,
    measureId: row.measure_id,
    instrumentId: row.instrument_id,
    timing: row.timing,
    sessionNumbers: JSON.parse(row.session_numbers) as number[],
    alreadyAsked: sqlTrue(row.already_asked),
    respondent: row.role === 'client' ? 'client' : 'therapist',
    personId: (row.role === 'client' ? row.client_id : row.staff_user_id)!,
  }));
}

export async function insertStudyRequestItems(
  db: Executor,
  rows: StudyRequestItemTable[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('study_request_item').values(rows).execute();
}

/**
 * A study's own option lists for an instrument of a request (study_measure.options, parsed
 * JSON), or null: only when exactly one study asks it there and the clinic's plan does not
 * (a form the plan or two studies ask is shown as published).
 */
export async function findStudyFormOptions(
  db: Executor,
  organizationId: string,
  requestId: string,
  instrumentId: string,
): Promise<unknown> {
  const rows = await db
    .selectFrom('study_request_item as i')
    .innerJoin('study_measure as m', (join) =>
      join.onRef('m.id', '=', 'i.measure_id').onRef('m.organization_id', '=', 'i.organization_id'),
    )
    .select(['i.also_clinical', 'm.options'])
    .where('i.organization_id', '=', organizationId)
    .where('i.request_id', '=', requestId)
    .where('i.instrument_id', '=', instrumentId)
    .execute();
  const only = rows.length === 1 ? rows[0]! : undefined;
  if (!only || Number(only.also_clinical) === 1 || only.options === null) return null;
  try {
    return JSON.parse(only.options) as unknown;
  } catch {
    return null;
  }
}

/** A participant's study item on a request that is still open, with what it asks. */
export interface OpenStudyItem {
  requestId: string;
  instrumentId: string;
  alsoClinical: boolean;
  /** Another participant (of another study) asked the same form in the same request. */
  sharedWithOtherStudy: boolean;
  /** The request's instruments and the ones already answered. */
  instruments: string[];
  answered: boolean;
}

/** The participant's study items on requests still open. */
export async function listOpenStudyItems(
  db: Executor,
  organizationId: string,
  participantId: string,
): Promise<OpenStudyItem[]> {
  const rows = await db
    .selectFrom('study_request_item as i')
    .innerJoin('questionnaire_request as q', (join) =>
      join.onRef('q.id', '=', 'i.request_id').onRef('q.organization_id', '=', 'i.organization_id'),
    )
    .select((eb) => [
      'i.request_id',
      'i.instrument_id',
      'i.also_clinical',
      'q.instruments',
      eb
        .exists(
          eb
            .selectFrom('study_request_item as o')
            .select('o.request_id')
            .whereRef('o.organization_id', '=', 'i.organization_id')
            .whereRef('o.request_id', '=', 'i.request_id')
            .whereRef('o.instrument_id', '=', 'i.instrument_id')
            .where('o.participant_id', '<>', participantId),
        )
        .as('shared'),
      eb
        .exists(
          eb
            .selectFrom('questionnaire_response as r')
            .select('r.id')
            .whereRef('r.organization_id', '=', 'i.organization_id')
            .whereRef('r.request_id', '=', 'i.request_id')
            .whereRef('r.instrument_id', '=', 'i.instrument_id'),
        )
        .as('answered'),
    ])
    .where('i.organization_id', '=', organizationId)
    .where('i.participant_id', '=', participantId)
    .where('q.status', '=', 'open')
    .orderBy('i.request_id')
    .execute();
  return rows.map((row) => ({
    requestId: row.request_id,
    instrumentId: row.instrument_id,
    alsoClinical: Number(row.also_clinical) === 1,
    sharedWithOtherStudy: sqlTrue(row.shared),
    instruments: JSON.parse(row.instruments) as string[],
    answered: sqlTrue(row.answered),
  }));
}

/** Sets an open request's instruments (a withdrawn participant's study forms taken off). */
export async function setOpenRequestInstruments(
  db: Executor,
  organizationId: string,
  requestId: string,
  instruments: string[],
): Promise<void> {
  await db
    .updateTable('questionnaire_request')
    .set({ instruments: JSON.stringify(instruments) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', requestId)
    .where('status', '=', 'open')
    .execute();
}

export async function deleteStudyRequestItem(
  db: Executor,
  organizationId: string,
  participantId: string,
  requestId: string,
  instrumentId: string,
): Promise<void> {
  await db
    .deleteFrom('study_request_item')
    .where('organization_id', '=', organizationId)
    .where('participant_id', '=', participantId)
    .where('request_id', '=', requestId)
    .where('instrument_id', '=', instrumentId)
    .execute();
}
