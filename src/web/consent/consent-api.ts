import type {
  ConsentReceiptView,
  ConsentSubmitted,
  ConsentView,
  Withdrawal,
} from '../../core/api/consent.ts';
import { ApiError, apiPost } from '../api-client.ts';

// The link's token travels in the body of each call, never in a URL the server could log.
export const openConsent = (token: string) =>
  apiPost<ConsentView>('/api/public/consent/view', { token });

export const sendDecision = (
  token: string,
  decision: {
    decision: 'consented' | 'declined';
    tickedStatements: number[];
    typedName: string;
    textSha256: string;
  },
) => apiPost<ConsentSubmitted>('/api/public/consent/decision', { token, ...decision });

export const openReceipt = (token: string) =>
  apiPost<ConsentReceiptView>('/api/public/consent/receipt', { token });

export const withdraw = (token: string) =>
  apiPost<Withdrawal>('/api/public/consent/withdrawal', { token });

/** The stored PDF, handed to the browser as a download. */
export async function downloadReceipt(token: string, fileName: string): Promise<void> {
  const response = await fetch('/api/public/consent/receipt/pdf', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw new ApiError(response.status, 'urn:rapport:problem:download', '');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
