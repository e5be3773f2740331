import { AppError } from '../../core/app-error.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { StaffActor } from '../auth/staff-actor.ts';
import { recordStaffAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { listAnsweredInstruments } from './questionnaire-response.repository.ts';
import { type QuestionnaireForm, formView } from './questionnaire-visit.service.ts';
import { resolveRequestInstrument } from './request-instrument.service.ts';
import { submitResponse } from './submit-response.service.ts';
import {
  type TherapistFormRequest,
  findOwnTherapistRequest,
  listOpenTherapistRequests,
} from './therapist-form.repository.ts';

export interface TherapistFormDeps {
  db: Database;
  clock: Clock;
}

const formClosed = () => new AppError('not_found', 'This form is no longer open.');
const isOpen = (request: TherapistFormRequest, now: Date) =>
  request.status === 'open' && request.expiresAt > now.toISOString();

/** The signed-in therapist's own forms still to answer (GET /api/me/forms). */
export async function listMyForms(
  deps: TherapistFormDeps,
  actor: StaffActor,
): Promise<TherapistFormRequest[]> {
  return listOpenTherapistRequests(deps.db, actor, deps.clock().toISOString());
}

export interface MyFormView {
  request: TherapistFormRequest;
  progress: { answered: number; total: number };
  forms: QuestionnaireForm[];
}

/**
 * One of the therapist's open requests with its forms, built as the client's page builds
 * them. Anyone else's request, a closed one and one on a case they left all answer 404.
 */
export async function loadMyForm(
  deps: TherapistFormDeps,
  actor: StaffActor,
  requestId: string,
  origin: RequestOrigin,
): Promise<MyFormView> {
  const request = await findOwnTherapistRequest(deps.db, actor, requestId);
  if (!request || !isOpen(request, deps.clock())) throw formClosed();
  const answered = await listAnsweredInstruments(deps.db, actor.organizationId, request.id);
  const forms: QuestionnaireForm[] = [];
  for (const instrumentId of request.instruments) {
    const definition = await resolveRequestInstrument(
      deps.db,
      actor.organizationId,
      request.id,
      instrumentId,
    );
    if (definition)
      forms.push(formView(definition, request.language, answered.includes(instrumentId)));
  }
  await recordStaffAudit(deps.db, deps.clock, actor, origin, {
    action: 'therapist-form.open',
    entityType: 'questionnaire_request',
    entityId: request.id,
    details: { caseId: request.caseId, sessionId: request.sessionId },
  });
  return {
    request,
    progress: { answered: forms.filter((f) => f.answered).length, total: forms.length },
    forms,
  };
}

/**
 * One form's answers from the therapist: the same storage, scoring, exactly-once rule and
 * audit as a client's (submitResponse), as the therapist side of that session.
 */
export async function submitMyForm(
  deps: TherapistFormDeps,
  actor: StaffActor,
  requestId: string,
  submission: { submissionId: string; instrumentId: string; answers: Record<string, unknown> },
  origin: RequestOrigin,
) {
  const request = await findOwnTherapistRequest(deps.db, actor, requestId);
  if (!request) throw formClosed();
  const result = await submitResponse(
    deps.db,
    deps.clock,
    { organizationId: actor.organizationId, requestId: request.id, ...submission },
    { type: 'staff', id: actor.userId, ip: origin.ip, requestId: origin.requestId },
  );
  return {
    responseId: result.responseId,
    stored: result.stored,
    requestCompleted: result.requestCompleted,
    progress: result.progress,
  };
}
