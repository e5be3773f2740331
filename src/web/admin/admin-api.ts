import { apiGet, apiPost, apiRequest } from '../api-client.ts';

/** The admin API (src/server/admin/admin.routes.ts): clinics, staff, plans, audit. */
export type RoleName = 'admin' | 'therapist' | 'supervisor' | 'researcher' | 'interpreter';
export const ROLE_NAMES: readonly RoleName[] = [
  'admin',
  'therapist',
  'supervisor',
  'researcher',
  'interpreter',
];

export interface ClinicView {
  id: string;
  name: string;
  timeZone: string;
}
export interface StaffView {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'disabled';
  roles: { clinicId: string; role: RoleName }[];
}
export interface SupervisionPair {
  supervisorId: string;
  superviseeId: string;
}
export interface PlanView {
  id: string;
  clinicId: string;
  caseType: 'individual' | 'couple' | 'family' | null;
  name: string;
  entries: unknown[];
  effectiveFrom: string;
  createdBy: string | null;
}
export interface AuditEventView {
  id: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, string | number | boolean | null>;
}

const enc = encodeURIComponent;

export const fetchClinics = () => apiGet<{ clinics: ClinicView[] }>('/api/admin/clinics');
export const createClinic = (body: { name: string; timeZone: string }) =>
  apiPost<ClinicView>('/api/admin/clinics', body);
export const updateClinic = (id: string, body: { name?: string; timeZone?: string }) =>
  apiRequest<ClinicView>('PATCH', `/api/admin/clinics/${enc(id)}`, body);
export const fetchDataNotice = (clinicId: string) =>
  apiGet<{ text: string | null }>(`/api/admin/clinics/${enc(clinicId)}/data-notice`);
export const saveDataNotice = (clinicId: string, text: string) =>
  apiRequest<unknown>('PUT', `/api/admin/clinics/${enc(clinicId)}/data-notice`, { text });

export const fetchStaff = () => apiGet<{ staff: StaffView[] }>('/api/admin/staff');
export const createStaff = (body: {
  email: string;
  displayName: string;
  clinicId: string;
  role: RoleName;
}) => apiPost<StaffView>('/api/admin/staff', body);
export const setRoles = (staffId: string, clinicId: string, roles: RoleName[]) =>
  apiRequest<StaffView>('PUT', `/api/admin/staff/${enc(staffId)}/roles`, { clinicId, roles });
export const setStatus = (staffId: string, status: 'active' | 'disabled') =>
  apiRequest<void>('PATCH', `/api/admin/staff/${enc(staffId)}`, { status });
export const fetchSupervision = () =>
  apiGet<{ pairs: SupervisionPair[] }>('/api/admin/supervision');
export const addSupervision = (pair: SupervisionPair) =>
  apiPost<void>('/api/admin/supervision', pair);
export const removeSupervision = (pair: SupervisionPair) =>
  apiRequest<void>(
    'DELETE',
    `/api/admin/supervision/${enc(pair.supervisorId)}/${enc(pair.superviseeId)}`,
  );

export const fetchPlans = () =>
  apiGet<{ plans: PlanView[]; instruments: { id: string; title: string }[] }>(
    '/api/admin/measurement-plans',
  );
export const createPlan = (body: {
  clinicId: string;
  caseType: PlanView['caseType'];
  name: string;
  entries: unknown;
}) => apiPost<PlanView>('/api/admin/measurement-plans', body);

export const fetchAudit = (query: URLSearchParams) =>
  apiGet<{ events: AuditEventView[]; nextBefore: number | null }>(
    `/api/admin/audit?${query.toString()}`,
  );
