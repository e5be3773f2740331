import type {
  AdminOverview,
  AuditEventView,
  AuditPage,
  Clinics,
  ClinicView,
  CreateClinicBody,
  CreatePlanBody,
  CreateStaffBody,
  PlanPreview,
  PlanPreviewBody,
  PlanView,
  PlansView,
  StaffList,
  StaffView,
  SupervisionPair,
  SupervisionPairs,
  UpdateClinicBody,
} from '../../core/api/admin.ts';
import type {
  ApiTokenView,
  ApiTokens,
  IssueApiTokenBody,
  IssuedApiToken,
} from '../../core/api/api-tokens.ts';
import type { Reauthentication } from '../../core/api/auth.ts';
import type { ClientImportReport } from '../../core/api/client-import.ts';
import type { DataNoticeView } from '../../core/api/data-notice.ts';
import { STAFF_ROLES, type StaffRole } from '../../core/staff/staff-roles.ts';
import { apiGet, apiPost, apiRequest } from '../api-client.ts';

/** The admin API (src/server/admin/admin.routes.ts): clinics, staff, plans, audit. */
export type { AuditEventView, ClinicView, PlanPreview, PlanView, StaffView, SupervisionPair };
export type RoleName = StaffRole;
export const ROLE_NAMES = STAFF_ROLES;

const enc = encodeURIComponent;

export const fetchClinics = () => apiGet<Clinics>('/api/admin/clinics');
export const createClinic = (body: CreateClinicBody) =>
  apiPost<ClinicView>('/api/admin/clinics', body);
export const updateClinic = (id: string, body: UpdateClinicBody) =>
  apiRequest<ClinicView>('PATCH', `/api/admin/clinics/${enc(id)}`, body);
export const fetchDataNotice = (clinicId: string) =>
  apiGet<DataNoticeView>(`/api/admin/clinics/${enc(clinicId)}/data-notice`);
export const saveDataNotice = (clinicId: string, text: string) =>
  apiRequest<DataNoticeView>('PUT', `/api/admin/clinics/${enc(clinicId)}/data-notice`, { text });

/** The client import (src/server/client-import/client-import.routes.ts). */
export const previewClientImport = (clinicId: string, csv: string) =>
  apiPost<ClientImportReport>(`/api/admin/clinics/${enc(clinicId)}/client-import/preview`, { csv });
export const confirmClientImport = (clinicId: string, csv: string) =>
  apiPost<ClientImportReport>(`/api/admin/clinics/${enc(clinicId)}/client-import`, { csv });

export const fetchStaff = () => apiGet<StaffList>('/api/admin/staff');
export const createStaff = (body: CreateStaffBody) => apiPost<StaffView>('/api/admin/staff', body);
export const setRoles = (staffId: string, clinicId: string, roles: RoleName[]) =>
  apiRequest<StaffView>('PUT', `/api/admin/staff/${enc(staffId)}/roles`, { clinicId, roles });
export const setStatus = (staffId: string, status: StaffView['status']) =>
  apiRequest<void>('PATCH', `/api/admin/staff/${enc(staffId)}`, { status });
/** Reset a colleague's second factor; a 403 asks for the admin's own code first (verifyOwnCode). */
export const resetSecondFactor = (staffId: string) =>
  apiRequest<void>('DELETE', `/api/admin/staff/${enc(staffId)}/second-factor`);
/** The admin's own code, so a sensitive step knows they hold their second factor now. */
export const verifyOwnCode = (code: string) =>
  apiPost<Reauthentication>('/api/auth/second-factor/verify', { code });
export const fetchSupervision = () => apiGet<SupervisionPairs>('/api/admin/supervision');
export const addSupervision = (pair: SupervisionPair) =>
  apiPost<void>('/api/admin/supervision', pair);
export const removeSupervision = (pair: SupervisionPair) =>
  apiRequest<void>(
    'DELETE',
    `/api/admin/supervision/${enc(pair.supervisorId)}/${enc(pair.superviseeId)}`,
  );

export const fetchPlans = () => apiGet<PlansView>('/api/admin/measurement-plans');
/** `entries` is what the admin typed, parsed: the server checks it and names what is wrong. */
export const createPlan = (body: Omit<CreatePlanBody, 'entries'> & { entries: unknown }) =>
  apiPost<PlanView>('/api/admin/measurement-plans', body);
/** What a draft plan asks after sessions 1–10 of a new case (nothing is stored). */
export const previewPlan = (body: PlanPreviewBody) =>
  apiPost<PlanPreview>('/api/admin/measurement-plans/preview', body);

export const fetchAdminOverview = () => apiGet<AdminOverview>('/api/admin/overview');

export const fetchAudit = (query: URLSearchParams) =>
  apiGet<AuditPage>(`/api/admin/audit?${query.toString()}`);

/** Read-only FHIR API tokens (src/server/api-tokens/api-token.routes.ts). */
export const fetchApiTokens = () => apiGet<ApiTokens>('/api/admin/api-tokens');
export const issueApiToken = (body: IssueApiTokenBody) =>
  apiPost<IssuedApiToken>('/api/admin/api-tokens', body);
export const revokeApiToken = (id: string) =>
  apiPost<ApiTokenView>(`/api/admin/api-tokens/${enc(id)}/revoke`);
