import type { InterpreterSession, InterpreterSessions } from '../../core/api/interpreter.ts';
import { apiGet } from '../api-client.ts';

export type { InterpreterSession };

export const fetchInterpreterSessions = () =>
  apiGet<InterpreterSessions>('/api/interpreter/sessions');
