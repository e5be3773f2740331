import { apiGet } from '../api-client.ts';

/** One assignment as GET /api/interpreter/sessions lists it: when, how, which case; nothing clinical. */
export interface InterpreterSession {
  id: string;
  number: number;
  startsAt: string;
  endsAt: string;
  clinicTimeZone: string;
  modality: 'in-person' | 'video' | 'phone';
  language: string;
  attendance: 'scheduled' | 'attended' | 'cancelled' | 'no-show';
  caseReference: string;
}

export const fetchInterpreterSessions = () =>
  apiGet<{ sessions: InterpreterSession[] }>('/api/interpreter/sessions');
