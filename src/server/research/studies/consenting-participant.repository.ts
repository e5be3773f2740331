import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { ParticipantStatus, RapportDatabase } from '../../db/database-schema.ts';

/**
 * Whose data a study may use (METHODS.md, "Research workflow"): participants who consented
 * and have not withdrawn — `consented`, or `completed` (took part to the end). Invited,
 * declined and withdrawn people are in no analysis, export or enrolment count. Written once,
 * as a reusable expression over the caller's participant status column:
 *
 *     .where((eb) => consentingParticipant(eb.ref('p.status')))
 */
export const CONSENTING_STATUSES = [
  'consented',
  'completed',
] as const satisfies ParticipantStatus[];

const eb = expressionBuilder<RapportDatabase>();

export function consentingParticipant(
  status: Expression<ParticipantStatus>,
): AliasableExpression<SqlBool> {
  return eb(status, 'in', [...CONSENTING_STATUSES]);
}
