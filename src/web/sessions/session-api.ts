import { apiGet, apiPost, apiRequest } from '../api-client.ts';

/** A session as GET /api/sessions/:sessionId returns it (src/server/sessions/session.routes.ts). */
export interface SessionView {
  id: string;
  caseId: string;
  number: number;
  startsAt: string;
  endsAt: string;
  attendance: Attendance;
  modality: Modality;
  language: string;
  interpreterId: string | null;
  caseReference: string;
  clinicTimeZone: string;
  interpreterName: string | null;
  access: 'write' | 'read';
}

export type Attendance = 'scheduled' | 'attended' | 'cancelled' | 'no-show';
export type Modality = 'in-person' | 'video' | 'phone';
export const ATTENDANCE: readonly Attendance[] = ['scheduled', 'attended', 'cancelled', 'no-show'];
export const MODALITIES: readonly Modality[] = ['in-person', 'video', 'phone'];

export interface SessionFields {
  startsAt: string;
  endsAt: string;
  modality: Modality;
  language: string;
  interpreterId: string | null;
}

export interface ReflectionNoteView {
  id: string;
  authorId: string;
  body: string;
  sharedWithSupervisor: boolean;
  updatedAt: string;
}

export interface InterpreterOption {
  id: string;
  displayName: string;
  languages: string[];
}

const enc = encodeURIComponent;

export const fetchSession = (id: string) => apiGet<SessionView>(`/api/sessions/${enc(id)}`);
export const updateSession = (id: string, fields: Partial<SessionFields>) =>
  apiRequest<SessionView>('PATCH', `/api/sessions/${enc(id)}`, fields);
export const createSession = (caseId: string, fields: SessionFields) =>
  apiPost<SessionView>(`/api/cases/${enc(caseId)}/sessions`, fields);
export const fetchCaseSessions = (caseId: string) =>
  apiGet<{
    caseId: string;
    caseReference: string;
    clinicTimeZone: string;
    access: 'write' | 'read';
  }>(`/api/cases/${enc(caseId)}/sessions`);
export const recordAttendance = (id: string, attendance: Attendance) =>
  apiPost<{ attendance: Attendance; requestsCreated: number; requestsRevoked: number }>(
    `/api/sessions/${enc(id)}/attendance`,
    { attendance },
  );
export const fetchReflection = (id: string) =>
  apiGet<{ own: ReflectionNoteView | null; shared: ReflectionNoteView[] }>(
    `/api/sessions/${enc(id)}/reflection`,
  );
export const saveReflection = (id: string, body: string, sharedWithSupervisor: boolean) =>
  apiRequest<ReflectionNoteView>('PUT', `/api/sessions/${enc(id)}/reflection`, {
    body,
    sharedWithSupervisor,
  });
export const fetchInterpreters = () =>
  apiGet<{ interpreters: InterpreterOption[] }>('/api/interpreters');
