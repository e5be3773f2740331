import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random token for a person to hold (256 bits, base64url). */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/**
 * What the database keeps of a token: its SHA-256. The tokens are random and long, so a
 * fast hash suffices (no dictionary to try) and lets a lookup use an index.
 */
export const hashSecretToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The CSRF token of a session, derived from the session token so no instance needs to
 * remember it; another page cannot read our cookie, so it cannot compute this either.
 */
export const csrfTokenFor = (sessionToken: string): string =>
  createHash('sha256').update(`rapport-csrf\0${sessionToken}`, 'utf8').digest('base64url');

/** Compares two strings in time that does not depend on where they first differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
