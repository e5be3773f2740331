import type { TFunction } from 'i18next';
import type { FindingMessage } from '../../core/alliance/finding-message.ts';
import { renderFindingMessage } from '../../core/alerts/render-finding-message.ts';
import type { AlertView, CaseAlerts } from '../../core/api/alert.ts';
import type { CaseAccessLevel } from '../../core/api/case-view.ts';
import { apiGet, apiPost } from '../api-client.ts';

// The alert's type is the server's schema (src/core/api/alert.ts), imported type-only.
export type { AlertView, CaseAlerts, CaseAccessLevel };

export const fetchCaseAlerts = (caseId: string) =>
  apiGet<CaseAlerts>(`/api/cases/${encodeURIComponent(caseId)}/alerts`);

export const acknowledgeAlert = (alertId: string) =>
  apiPost<AlertView>(`/api/alerts/${encodeURIComponent(alertId)}/acknowledge`);

export const resolveAlert = (alertId: string, note: string) =>
  apiPost<AlertView>(
    `/api/alerts/${encodeURIComponent(alertId)}/resolve`,
    note.trim() ? { note: note.trim() } : {},
  );

/** An alert's explanation in the interface's language, from the finding catalogues. */
export const explainAlert = (t: TFunction, explanation: FindingMessage): string =>
  renderFindingMessage((key, options) => t(key, options), explanation);
