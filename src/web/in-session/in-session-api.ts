import type { InSessionView } from '../../core/api/in-session.ts';
import { apiGet, apiPost } from '../api-client.ts';

/** Where the therapist goes back to after signing in again (this tab only). */
const RETURN_KEY = 'rapport.in-session.return';

/** Puts this browser's session into the client's view of one member of the case. */
export async function startInSession(caseId: string, clientId: string): Promise<void> {
  await apiPost(`/api/cases/${encodeURIComponent(caseId)}/in-session`, { clientId });
  sessionStorage.setItem(RETURN_KEY, `/cases/${caseId}`);
}

export const readInSessionView = () => apiGet<InSessionView>('/api/in-session');

/** The case page the view was opened from, for after the new sign-in. */
export const inSessionReturnPath = (): string => {
  const path = sessionStorage.getItem(RETURN_KEY);
  return path?.startsWith('/cases/') ? path : '/';
};
