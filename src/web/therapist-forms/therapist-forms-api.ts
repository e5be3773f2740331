import { apiGet, apiPost } from '../api-client.ts';
import type {
  Answers,
  QuestionnaireForm,
  SubmissionReceipt,
} from '../questionnaire/questionnaire-types.ts';

/** A session's request as GET /api/sessions/:sessionId/requests lists it. */
export interface SessionRequest {
  id: string;
  respondentKind: 'client' | 'therapist';
  respondentName: string;
  instruments: string[];
  status: 'open' | 'completed' | 'expired' | 'revoked';
  expiresAt: string;
  completedAt: string | null;
  /** The signed-in therapist's own form: answered from the session page. */
  mine: boolean;
  language: string;
  /** Instruments with no text in `language`: the respondent sees them as published. */
  untranslated: string[];
}

export const fetchSessionRequests = (sessionId: string) =>
  apiGet<{ sessionId: string; access: 'write' | 'read'; requests: SessionRequest[] }>(
    `/api/sessions/${encodeURIComponent(sessionId)}/requests`,
  );

/** An open client request's link (its case's therapists only). */
export const fetchRequestLink = (requestId: string) =>
  apiPost<{ requestId: string; url: string; expiresAt: string }>(
    `/api/requests/${encodeURIComponent(requestId)}/link`,
  );

/** One of the signed-in therapist's own open forms (src/server/measurement/therapist-forms.routes.ts). */
export interface MyFormRequest {
  id: string;
  caseId: string;
  caseReference: string;
  sessionId: string;
  sessionNumber: number;
  sessionStartsAt: string;
  clinicTimeZone: string;
  instruments: string[];
  expiresAt: string;
}

export const fetchMyForms = () => apiGet<{ forms: MyFormRequest[] }>('/api/me/forms');

export const fetchMyForm = (formId: string) =>
  apiGet<{
    request: MyFormRequest;
    progress: { answered: number; total: number };
    forms: QuestionnaireForm[];
  }>(`/api/me/forms/${encodeURIComponent(formId)}`);

export const submitMyForm = (
  formId: string,
  submission: { submissionId: string; instrumentId: string; answers: Answers },
) =>
  apiPost<SubmissionReceipt>(`/api/me/forms/${encodeURIComponent(formId)}/responses`, submission);
