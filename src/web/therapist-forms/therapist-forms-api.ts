import type { Submission, SubmissionReceipt } from '../../core/api/questionnaire.ts';
import type { RequestLink, SessionRequests } from '../../core/api/session-requests.ts';
import type { MyForm, MyForms } from '../../core/api/therapist-forms.ts';
import { apiGet, apiPost } from '../api-client.ts';

// The bodies' types come from the server's schemas (src/core/api), type-only.
export type { MyFormRequest } from '../../core/api/therapist-forms.ts';
export type { SessionRequest } from '../../core/api/session-requests.ts';

export const fetchSessionRequests = (sessionId: string) =>
  apiGet<SessionRequests>(`/api/sessions/${encodeURIComponent(sessionId)}/requests`);

/** An open client request's link (its case's therapists only). */
export const fetchRequestLink = (requestId: string) =>
  apiPost<RequestLink>(`/api/requests/${encodeURIComponent(requestId)}/link`);

/** The signed-in therapist's own open forms (src/server/measurement/therapist-forms.routes.ts). */
export const fetchMyForms = () => apiGet<MyForms>('/api/me/forms');

export const fetchMyForm = (formId: string) =>
  apiGet<MyForm>(`/api/me/forms/${encodeURIComponent(formId)}`);

export const submitMyForm = (formId: string, submission: Submission) =>
  apiPost<SubmissionReceipt>(`/api/me/forms/${encodeURIComponent(formId)}/responses`, submission);
