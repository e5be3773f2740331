import { randomUUID } from 'node:crypto';
import { instrumentsDue } from '../../core/measurement/measurement-plan.ts';
import type { CaseSummary } from '../cases/case.repository.ts';
import { findClient } from '../clients/client.repository.ts';
import type { Executor } from '../db/database.ts';
import type { QuestionnaireRequestTable } from '../db/database-schema.ts';
import type { TherapySession } from '../sessions/session.repository.ts';
import { findPlanInForce } from './measurement-plan.repository.ts';
import { hashQuestionnaireToken, questionnaireToken } from './questionnaire-link.ts';
import { insertRequests, requestToRow } from './questionnaire-request.repository.ts';

export const DEFAULT_LINK_LIFETIME_HOURS = 72;

/**
 * The requests an attended session gives rise to: one per client member and one per
 * therapist with something due under the plan in force when the session started. Idempotent:
 * a request that exists for a respondent and session is left as it is, so marking a session
 * attended twice creates nothing new. Returns how many were created.
 */
export async function createSessionRequests(
  trx: Executor,
  input: {
    careCase: CaseSummary;
    session: TherapySession;
    secret: string;
    now: Date;
    lifetimeHours?: number;
  },
): Promise<number> {
  const { careCase, session, now } = input;
  const plan = await findPlanInForce(
    trx,
    careCase.organizationId,
    careCase.clinicId,
    careCase.type,
    session.startsAt,
  );
  if (!plan) return 0;
  const createdAt = now.toISOString();
  const expiresAt = new Date(
    now.getTime() + (input.lifetimeHours ?? DEFAULT_LINK_LIFETIME_HOURS) * 3_600_000,
  ).toISOString();
  const rows: QuestionnaireRequestTable[] = [];
  const add = (
    kind: 'client' | 'therapist',
    respondentId: string,
    instruments: string[],
    language: string,
  ) => {
    if (instruments.length === 0) return;
    const id = randomUUID();
    const request = {
      id,
      organizationId: careCase.organizationId,
      caseId: careCase.id,
      sessionId: session.id,
      respondentKind: kind,
      clientId: kind === 'client' ? respondentId : null,
      staffUserId: kind === 'therapist' ? respondentId : null,
      instruments,
      language,
      status: 'open' as const,
      createdAt,
      expiresAt,
      completedAt: null,
    };
    // Therapists answer in the staff app, signed in: their requests have no link.
    rows.push(
      requestToRow(
        request,
        kind === 'client' ? hashQuestionnaireToken(questionnaireToken(input.secret, id)) : null,
      ),
    );
  };
  const sessionYear = new Date(session.startsAt).getUTCFullYear();
  for (const member of careCase.members) {
    const client = await findClient(trx, careCase.organizationId, member.clientId);
    if (!client) continue;
    const due = instrumentsDue(plan.entries, {
      sessionNumber: session.number,
      concerns: careCase.presentingConcerns,
      respondent: 'client-member',
      age: client.birthYear === null ? null : sessionYear - client.birthYear,
    });
    add('client', client.id, due, client.preferredLanguage);
  }
  for (const therapistId of careCase.therapistIds) {
    const due = instrumentsDue(plan.entries, {
      sessionNumber: session.number,
      concerns: careCase.presentingConcerns,
      respondent: 'therapist',
    });
    add('therapist', therapistId, due, 'en');
  }
  return insertRequests(trx, rows);
}
