import { createHash, createHmac } from 'node:crypto';

/**
 * A request's link token is derived from the instance secret (256 bits of HMAC), and only its
 * SHA-256 is stored. The server can show the same link again (QR code, copy, reminder e-mail)
 * without the database ever holding a usable token.
 */
export function questionnaireToken(secret: string, requestId: string): string {
  return createHmac('sha256', secret)
    .update(`questionnaire-request:${requestId}`)
    .digest('base64url');
}

export function hashQuestionnaireToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens are base64url of 32 bytes: anything else is not worth a database look-up. */
export const looksLikeQuestionnaireToken = (token: string): boolean =>
  /^[A-Za-z0-9_-]{43}$/.test(token);
