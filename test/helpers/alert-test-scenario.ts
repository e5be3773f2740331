import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/server/clock.ts';
import type { Database } from '../../src/server/db/database.ts';
import {
  insertRequests,
  requestToRow,
} from '../../src/server/measurement/questionnaire-request.repository.ts';
import { submitResponse } from '../../src/server/measurement/submit-response.service.ts';

// Test support (used by the alert tests and the alert browser test): answers go in through
// the real submitResponse, so scores, the risk flag and the recompute job are all real.

/** WAI-SR answers with every item at `value` (1–5): the mean-item score is `value`. */
export const waiAnswers = (value: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), value]));

/** PHQ-9 answers: items 1–8 at 1 ("several days"), item 9 (risk) at `riskAnswer`. */
export const phq9Answers = (riskAnswer: number): Record<string, number> => ({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [String(i + 1), 1])),
  '9': riskAnswer,
});

/** Session-feedback answers: tension (item 3) and, when given, resolution (item 4). */
export const feedbackAnswers = (tension: number, resolution?: number): Record<string, number> => ({
  '3': tension,
  ...(resolution !== undefined && { '4': resolution }),
});

export interface ScenarioCase {
  organizationId: string;
  caseId: string;
  clientId: string;
}

/**
 * One client's forms for one session: a request for the instruments given, then each
 * instrument's answers submitted as the client would.
 */
export async function submitClientForms(
  db: Database,
  clock: Clock,
  target: ScenarioCase,
  sessionId: string,
  forms: Record<string, Record<string, unknown>>,
): Promise<void> {
  const now = clock();
  const request = {
    id: randomUUID(),
    organizationId: target.organizationId,
    caseId: target.caseId,
    sessionId,
    respondentKind: 'client' as const,
    clientId: target.clientId,
    staffUserId: null,
    instruments: Object.keys(forms),
    language: 'en',
    status: 'open' as const,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
    completedAt: null,
  };
  await insertRequests(db, [requestToRow(request, null)]);
  for (const [instrumentId, answers] of Object.entries(forms)) {
    await submitResponse(
      db,
      clock,
      {
        organizationId: target.organizationId,
        requestId: request.id,
        submissionId: randomUUID(),
        instrumentId,
        answers,
      },
      { type: 'client', id: target.clientId },
    );
  }
}
