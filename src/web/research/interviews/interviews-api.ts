import type {
  InterviewBookingInput,
  InterviewOutcomeInput,
  InterviewSchedule,
  InterviewScheduleInput,
  InterviewTask,
  InterviewTaskList,
  NewProtocolVersion,
  NewResearchInterpreter,
  ProtocolVersion,
  ProtocolVersionList,
  ResearchInterpreter,
  ResearchInterpreterList,
} from '../../../core/api/research-interviews.ts';
import type {
  InterviewDetail,
  InterviewRecording,
  InterviewReviewInput,
  ReviewQueueItem,
} from '../../../core/api/research-interview-review.ts';
import { apiGet, apiPost, apiRequest, apiUpload } from '../../api-client.ts';

/** The study team's interview API (src/server/research/interviews/interview.routes.ts). */
export type {
  InterviewBookingInput,
  InterviewOutcomeInput,
  InterviewSchedule,
  InterviewTask,
  NewResearchInterpreter,
  ProtocolVersion,
  ResearchInterpreter,
  InterviewDetail,
  InterviewRecording,
  ReviewQueueItem,
};

const enc = encodeURIComponent;
const base = (studyId: string) => `/api/research/studies/${enc(studyId)}/interviews`;
const taskPath = (studyId: string, taskId: string) => `${base(studyId)}/tasks/${enc(taskId)}`;

export const fetchSchedule = (studyId: string) =>
  apiGet<InterviewSchedule>(`${base(studyId)}/schedule`);
export const saveSchedule = (studyId: string, body: InterviewScheduleInput) =>
  apiRequest<InterviewSchedule>('PUT', `${base(studyId)}/schedule`, body);

export const fetchProtocolVersions = (studyId: string) =>
  apiGet<ProtocolVersionList>(`${base(studyId)}/protocol-versions`);
export const publishProtocolVersion = (studyId: string, body: NewProtocolVersion) =>
  apiPost<ProtocolVersion>(`${base(studyId)}/protocol-versions`, body);

export const fetchTasks = (studyId: string) => apiGet<InterviewTaskList>(`${base(studyId)}/tasks`);
export const fetchEligibleInterpreters = (studyId: string, taskId: string) =>
  apiGet<ResearchInterpreterList>(`${taskPath(studyId, taskId)}/interpreters`);
export const bookTask = (studyId: string, taskId: string, body: InterviewBookingInput) =>
  apiRequest<InterviewTask>('PUT', `${taskPath(studyId, taskId)}/booking`, body);
export const recordOutcome = (studyId: string, taskId: string, body: InterviewOutcomeInput) =>
  apiPost<InterviewTask>(`${taskPath(studyId, taskId)}/outcome`, body);

export const fetchInterpreterRegistry = () =>
  apiGet<ResearchInterpreterList>('/api/research/interpreters');
export const registerInterpreter = (body: NewResearchInterpreter) =>
  apiPost<ResearchInterpreter>('/api/research/interpreters', body);
export const recordBriefing = (interpreterId: string, briefedOn: string) =>
  apiRequest<ResearchInterpreter>(
    'PUT',
    `/api/research/interpreters/${enc(interpreterId)}/briefing`,
    { briefedOn },
  );

/** An interview's own page: recordings, reflection note and review (interview-review.routes.ts). */
export const fetchInterview = (studyId: string, taskId: string) =>
  apiGet<InterviewDetail>(taskPath(studyId, taskId));
export const recordingAudioUrl = (studyId: string, taskId: string, recordingId: string) =>
  `${taskPath(studyId, taskId)}/recordings/${enc(recordingId)}/audio`;
export const uploadRecording = (
  studyId: string,
  taskId: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
) => apiUpload<InterviewRecording>(`${taskPath(studyId, taskId)}/recordings`, file, onProgress);
export const saveReflection = (studyId: string, taskId: string, body: string) =>
  apiRequest<unknown>('PUT', `${taskPath(studyId, taskId)}/reflection`, { body });
export const saveReview = (studyId: string, taskId: string, review: InterviewReviewInput) =>
  apiRequest<unknown>('PUT', `${taskPath(studyId, taskId)}/review`, review);
export const fetchReviewQueue = (studyId: string) =>
  apiGet<{ interviews: ReviewQueueItem[] }>(`${base(studyId)}/review-queue`);
