import type { InterpreterOption, InterpreterOptions } from '../../core/api/interpreter.ts';
import type {
  ReflectionNoteView,
  Reflections,
  SaveReflectionBody,
} from '../../core/api/reflection-note.ts';
import type {
  AttendanceResult,
  CaseSessions,
  SessionChanges,
  SessionFields,
  SessionView,
  SessionWarning,
  SessionWriteResult,
} from '../../core/api/session.ts';
import {
  ATTENDANCE_STATES,
  type Attendance,
  type Modality,
  SESSION_MODALITIES,
} from '../../core/sessions/session-vocabulary.ts';
import { apiGet, apiPost, apiRequest } from '../api-client.ts';

// The bodies' types come from the server's schemas (src/core/api), type-only.
export type {
  Attendance,
  InterpreterOption,
  Modality,
  ReflectionNoteView,
  SessionFields,
  SessionView,
  SessionWarning,
};
export const ATTENDANCE = ATTENDANCE_STATES;
export const MODALITIES = SESSION_MODALITIES;

const enc = encodeURIComponent;

export const fetchSession = (id: string) => apiGet<SessionView>(`/api/sessions/${enc(id)}`);
export const updateSession = (id: string, fields: SessionChanges) =>
  apiRequest<SessionWriteResult>('PATCH', `/api/sessions/${enc(id)}`, fields);
export const createSession = (caseId: string, fields: SessionFields) =>
  apiPost<SessionWriteResult>(`/api/cases/${enc(caseId)}/sessions`, fields);
export const fetchCaseSessions = (caseId: string) =>
  apiGet<CaseSessions>(`/api/cases/${enc(caseId)}/sessions`);
export const recordAttendance = (id: string, attendance: Attendance) =>
  apiPost<AttendanceResult>(`/api/sessions/${enc(id)}/attendance`, { attendance });
export const fetchReflection = (id: string) =>
  apiGet<Reflections>(`/api/sessions/${enc(id)}/reflection`);
export const saveReflection = (id: string, body: string, sharedWithSupervisor: boolean) =>
  apiRequest<ReflectionNoteView>('PUT', `/api/sessions/${enc(id)}/reflection`, {
    body,
    sharedWithSupervisor,
  } satisfies SaveReflectionBody);
export const fetchInterpreters = () => apiGet<InterpreterOptions>('/api/interpreters');
