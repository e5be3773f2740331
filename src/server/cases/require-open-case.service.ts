import { conflict } from '../../core/app-error.ts';
import type { Executor } from '../db/database.ts';
import { findCaseStatus } from './case.repository.ts';

export const CLOSED_CASE_MESSAGE = 'This case is closed: reopen it before changing anything in it.';

/**
 * Every write to a case (sessions, attendance, reflections, ruptures, alerts, supervision
 * notes) goes through this after its access check: a closed case is read-only (409) until it
 * is reopened.
 */
export async function requireOpenCase(
  trx: Executor,
  organizationId: string,
  caseId: string,
): Promise<void> {
  if ((await findCaseStatus(trx, organizationId, caseId)) === 'closed')
    throw conflict(CLOSED_CASE_MESSAGE);
}
