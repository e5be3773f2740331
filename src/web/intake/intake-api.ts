import type {
  CaseListResponse,
  IntakeSettings,
  CaseRecordResponse,
  IntakeClinicsResponse,
  NewCaseInput,
} from '../../core/api/cases.ts';
import type {
  ClientChangesInput,
  ClientListResponse,
  ClientResponse,
  NewClientInput,
} from '../../core/api/clients.ts';
import { apiGet, apiPost, apiRequest } from '../api-client.ts';

/** The intake API (src/server/clients/client.routes.ts, src/server/cases/case-management.routes.ts). */
const enc = encodeURIComponent;

export const fetchIntakeClinics = () => apiGet<IntakeClinicsResponse>('/api/intake/clinics');
export const fetchClients = (q = '') =>
  apiGet<ClientListResponse>(`/api/clients${q ? `?q=${enc(q)}` : ''}`);
export const createClient = (body: NewClientInput) => apiPost<ClientResponse>('/api/clients', body);
export const openCase = (body: NewCaseInput) =>
  apiPost<CaseRecordResponse>('/api/case-records', body);
export const fetchCaseRecords = (status: 'active' | 'closed', q = '') =>
  apiGet<CaseListResponse>(`/api/case-records?status=${status}${q ? `&q=${enc(q)}` : ''}`);
export const fetchCaseRecord = (id: string) =>
  apiGet<CaseRecordResponse>(`/api/case-records/${enc(id)}`);
export const closeCase = (id: string, reason: string) =>
  apiPost<CaseRecordResponse>(`/api/case-records/${enc(id)}/close`, { reason });
export const reopenCase = (id: string) =>
  apiPost<CaseRecordResponse>(`/api/case-records/${enc(id)}/reopen`);
export const transferCase = (id: string, fromTherapistId: string, toTherapistId: string) =>
  apiPost<CaseRecordResponse>(`/api/case-records/${enc(id)}/transfer`, {
    fromTherapistId,
    toTherapistId,
  });
export const fetchIntakeSettings = (clinicId: string) =>
  apiGet<IntakeSettings>(`/api/admin/clinics/${enc(clinicId)}/intake-settings`);
export const saveIntakeSettings = (clinicId: string, settings: IntakeSettings) =>
  apiRequest<IntakeSettings>(
    'PUT',
    `/api/admin/clinics/${enc(clinicId)}/intake-settings`,
    settings,
  );
export const fetchClient = (id: string) =>
  apiGet<{
    client: ClientResponse;
    history: { action: string; actorId: string | null; occurredAt: string; fields: string[] }[];
  }>(`/api/clients/${enc(id)}`);
export const changeClient = (id: string, changes: ClientChangesInput) =>
  apiRequest<ClientResponse>('PATCH', `/api/clients/${enc(id)}`, changes);
