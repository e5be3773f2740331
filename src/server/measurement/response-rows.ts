import { randomUUID } from 'node:crypto';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import type { ResponseScore } from '../../core/scoring/score-response.ts';
import type { QuestionnaireResponseTable, ScoreTable } from '../db/database-schema.ts';
import { type QuestionnaireRequest, respondentKey } from './questionnaire-request.repository.ts';

/** The rows one scored response becomes: the answers, and one score row per scale. */
export function responseRows(input: {
  request: QuestionnaireRequest;
  sessionNumber: number;
  definition: InstrumentDefinition;
  answers: Record<string, unknown>;
  score: ResponseScore;
  submissionId: string;
  at: string;
  responseId?: string;
  /** Where score ids come from (random UUIDs unless given; the demo seed passes ordered ids). */
  newId?: () => string;
}): { response: QuestionnaireResponseTable; scores: ScoreTable[] } {
  const { request, definition, score, at } = input;
  const newId = input.newId ?? randomUUID;
  const responseId = input.responseId ?? newId();
  return {
    response: {
      id: responseId,
      organization_id: request.organizationId,
      request_id: request.id,
      case_id: request.caseId,
      session_id: request.sessionId,
      respondent_key: respondentKey(
        request.respondentKind,
        (request.clientId ?? request.staffUserId)!,
      ),
      submission_id: input.submissionId,
      instrument_id: definition.id,
      instrument_version: definition.version,
      answers: JSON.stringify(input.answers),
      submitted_at: at,
    },
    scores: score.scales.map((scale) => ({
      id: newId(),
      organization_id: request.organizationId,
      response_id: responseId,
      case_id: request.caseId,
      session_id: request.sessionId,
      session_number: input.sessionNumber,
      respondent_kind: request.respondentKind,
      client_id: request.clientId,
      staff_user_id: request.staffUserId,
      instrument_id: definition.id,
      instrument_version: definition.version,
      scale_id: scale.scale,
      value: scale.score,
      item_mean: scale.itemMean,
      answered: scale.answered,
      item_count: scale.itemCount,
      prorated: scale.prorated ? 1 : 0,
      band: scale.band,
      flags: scale.scale === 'total' && score.flags.length > 0 ? JSON.stringify(score.flags) : '[]',
      scored_at: at,
    })),
  };
}
