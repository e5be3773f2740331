import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A consent link's token is derived from the instance secret and the invitation's id (256
 * bits of HMAC), like a questionnaire link's, so the therapist can show the same link again
 * (QR code, copy) while the database holds only its SHA-256. A receipt page's token is
 * random, shown once to the person who consented, and also stored only as a hash.
 */
export function consentInvitationToken(secret: string, invitationId: string): string {
  return createHmac('sha256', secret)
    .update(`consent-invitation:${invitationId}`)
    .digest('base64url');
}

export const newReceiptToken = (): string => randomBytes(32).toString('base64url');

export const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');

/** The page a consent link opens; the token is in the fragment, so it never reaches a log. */
export const consentPagePath = (token: string) => `/consent#${token}`;
export const receiptPagePath = (token: string) => `/consent/receipt#${token}`;
