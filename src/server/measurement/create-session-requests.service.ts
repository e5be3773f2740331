import { randomUUID } from 'node:crypto';
import type { Occasion, PlanEntry } from '../../core/measurement/measurement-plan.ts';
import { respondentsDue } from '../../core/measurement/respondents-due.ts';
import { planStudyItems } from '../../core/research/plan-study-items.ts';
import { type CaseSummary, findCase } from '../cases/case.repository.ts';
import { findClient } from '../clients/client.repository.ts';
import type { Executor } from '../db/database.ts';
import type { QuestionnaireRequestTable, StudyRequestItemTable } from '../db/database-schema.ts';
import { type TherapySession, findLastAttendedSession } from '../sessions/session.repository.ts';
import { findPlanInForce } from './measurement-plan.repository.ts';
import { enqueueRequestMails } from './request-delivery.service.ts';
import { hashQuestionnaireToken, questionnaireToken } from './questionnaire-link.ts';
import { insertRequests, requestToRow } from './questionnaire-request.repository.ts';
import { insertStudyRequestItems, listCaseStudyMeasures } from './study-measures.repository.ts';

export const DEFAULT_LINK_LIFETIME_HOURS = 72;

interface SessionRequestsInput {
  careCase: CaseSummary;
  session: TherapySession;
  secret: string;
  now: Date;
  lifetimeHours?: number;
}

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
  input: SessionRequestsInput,
): Promise<number> {
  const { careCase, session } = input;
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
  return insertDueRequests(trx, {
    ...input,
    occasion: session.number,
    entries: plan?.entries ?? [],
    studyMeasures,
  });
}

/**
 * The requests closing a case gives rise to: the end-of-care forms of the plan in force at
 * the close, one request per respondent with any, against the case's last attended session,
 * mailed like any other request. Nothing without an attended session or such forms. Study
 * forms are asked by session only, so none join these. Made once per respondent and case
 * (the unique key of insertRequests): closing again after a reopening asks nothing new.
 */
export async function createEndOfCareRequests(
  trx: Executor,
  input: {
    organizationId: string;
    caseId: string;
    secret: string;
    now: Date;
    reminderLeadHours?: number;
  },
): Promise<number> {
  const { organizationId, now } = input;
  const careCase = await findCase(trx, organizationId, input.caseId);
  const session = careCase && (await findLastAttendedSession(trx, organizationId, careCase.id));
  if (!careCase || !session) return 0;
  const plan = await findPlanInForce(
    trx,
    organizationId,
    careCase.clinicId,
    careCase.type,
    now.toISOString(),
  );
  if (!plan) return 0;
  const created = await insertDueRequests(trx, {
    careCase,
    session,
    secret: input.secret,
    now,
    occasion: 'end-of-care',
    entries: plan.entries,
    studyMeasures: [],
  });
  // The session's other requests were revoked by the close: only these are open to mail.
  await enqueueRequestMails(trx, {
    organizationId,
    sessionId: session.id,
    now,
    reminderLeadHours: input.reminderLeadHours,
  });
  return created;
}

/** One request per respondent with something due on the occasion; returns how many are new. */
async function insertDueRequests(
  trx: Executor,
  input: SessionRequestsInput & {
    occasion: Occasion;
    entries: readonly PlanEntry[];
    studyMeasures: Awaited<ReturnType<typeof listCaseStudyMeasures>>;
  },
): Promise<number> {
  const { careCase, session, now, studyMeasures } = input;
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
        input.occasion === 'end-of-care' ? 'end-of-care' : 'session',
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
  for (const due of respondentsDue(input.entries, {
    sessionNumber: input.occasion,
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
