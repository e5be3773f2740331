import { randomUUID } from 'node:crypto';
import { respondentsDue } from '../../core/measurement/respondents-due.ts';
import { planStudyItems } from '../../core/research/plan-study-items.ts';
import type { CaseSummary } from '../cases/case.repository.ts';
import { findClient } from '../clients/client.repository.ts';
import type { Executor } from '../db/database.ts';
import type { QuestionnaireRequestTable, StudyRequestItemTable } from '../db/database-schema.ts';
import type { TherapySession } from '../sessions/session.repository.ts';
import { findPlanInForce } from './measurement-plan.repository.ts';
import { hashQuestionnaireToken, questionnaireToken } from './questionnaire-link.ts';
import { insertRequests, requestToRow } from './questionnaire-request.repository.ts';
import { insertStudyRequestItems, listCaseStudyMeasures } from './study-measures.repository.ts';

export const DEFAULT_LINK_LIFETIME_HOURS = 72;

/**
 * The requests an attended session gives rise to: one per client member and one per
 * therapist with something due under the plan in force when the session started, or under
 * a research study they consented to (its forms on the same link, nothing asked twice; see
 * planStudyItems). The study's share is recorded as study_request_item rows in the same
 * transaction. Idempotent: a request that exists for a respondent and session is left as it
 * is, so marking a session attended twice creates nothing new. Returns how many were created.
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
  const studyMeasures = await listCaseStudyMeasures(
    trx,
    careCase.organizationId,
    careCase.id,
    careCase.therapistIds,
  );
  if (!plan && studyMeasures.length === 0) return 0;
  const planEntries = plan?.entries ?? [];
  const createdAt = now.toISOString();
  const expiresAt = new Date(
    now.getTime() + (input.lifetimeHours ?? DEFAULT_LINK_LIFETIME_HOURS) * 3_600_000,
  ).toISOString();
  const rows: QuestionnaireRequestTable[] = [];
  const studyItems: StudyRequestItemTable[] = [];
  const add = (
    kind: 'client' | 'therapist',
    respondentId: string,
    clinical: string[],
    language: string,
  ) => {
    const { instruments, items } = planStudyItems(
      clinical,
      studyMeasures.filter((m) => m.respondent === kind && m.personId === respondentId),
      session.number,
    );
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
    for (const item of items)
      studyItems.push({
        organization_id: careCase.organizationId,
        study_id: item.studyId,
        participant_id: item.participantId,
        request_id: id,
        instrument_id: item.instrumentId,
        measure_id: item.measureId,
        also_clinical: item.alsoClinical ? 1 : 0,
      });
  };
  const sessionYear = new Date(session.startsAt).getUTCFullYear();
  const members = [];
  for (const member of careCase.members) {
    const client = await findClient(trx, careCase.organizationId, member.clientId);
    if (!client) continue;
    members.push({
      id: client.id,
      age: client.birthYear === null ? null : sessionYear - client.birthYear,
      language: client.preferredLanguage,
    });
  }
  for (const due of respondentsDue(planEntries, {
    sessionNumber: session.number,
    concerns: careCase.presentingConcerns,
    members,
    therapistIds: careCase.therapistIds,
  }))
    add(due.kind, due.id, due.instruments, due.language);
  // Only the requests this call created carry study items: one that existed already (the
  // session marked attended again) keeps what it had.
  const created = new Set(await insertRequests(trx, rows));
  await insertStudyRequestItems(
    trx,
    studyItems.filter((item) => created.has(item.request_id)),
  );
  return created.size;
}
