import { randomInt } from 'node:crypto';
import { hashSecretToken } from './secret-token.ts';

// Crockford's base32: no i, l, o or u, so a code copied by hand is read back the same.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const RECOVERY_CODE_COUNT = 10;

/**
 * A recovery code: 16 symbols of base32 = 80 random bits, shown as four groups of four.
 * That is too many to guess even from a stolen table of SHA-256 hashes, so a fast hash
 * is enough (and lets the single-use update find the row by its hash).
 */
export function newRecoveryCode(): string {
  const symbols = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => symbols.slice(i, i + 4).join('')).join('-');
}

/** What a person typed, in the form its hash was made from. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  return /^[0-9a-hjkmnp-tv-z]{16}$/.test(code) ? code : null;
}

export const hashRecoveryCode = (normalized: string) =>
  hashSecretToken(`recovery-code:${normalized}`);
