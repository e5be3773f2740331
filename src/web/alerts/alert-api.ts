import type { TFunction } from 'i18next';
import type { FindingMessage } from '../../core/alliance/finding-message.ts';
import { renderFindingMessage } from '../../core/alerts/render-finding-message.ts';
import { apiGet, apiPost } from '../api-client.ts';

/** An alert as GET /api/cases/:caseId/alerts returns it (src/server/alerts/alert.routes.ts). */
export interface AlertView {
  id: string;
  caseId: string;
  type: string;
  severity: 'info' | 'warning' | 'urgent';
  findingStatus: string;
  status: 'open' | 'acknowledged' | 'resolved';
  session: number;
  latestSession: number;
  rule: string;
  parameters: Record<string, unknown>;
  evidence: Record<string, unknown>;
  explanation: FindingMessage;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  resolutionNote: string | null;
}

export type CaseAccessLevel = 'write' | 'read';

export const fetchCaseAlerts = (caseId: string) =>
  apiGet<{ access: CaseAccessLevel; alerts: AlertView[] }>(
    `/api/cases/${encodeURIComponent(caseId)}/alerts`,
  );

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
