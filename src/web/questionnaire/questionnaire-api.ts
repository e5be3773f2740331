import type { QuestionnaireView, SubmissionReceipt } from '../../core/api/questionnaire.ts';
import { apiGet, apiPost } from '../api-client.ts';
import type { PendingForm } from './pending-answers.ts';

export const fetchQuestionnaire = () => apiGet<QuestionnaireView>('/api/public/questionnaire');

export const acknowledgeNotice = () =>
  apiPost<void>('/api/public/questionnaire/notice-acknowledgement');

export const sendForm = (formId: string, pending: PendingForm) =>
  apiPost<SubmissionReceipt>('/api/public/questionnaire/responses', {
    submissionId: pending.submissionId,
    instrumentId: formId,
    answers: pending.answers,
  });
