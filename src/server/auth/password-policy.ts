import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The 49,000 most common passwords of public breach corpora, as shipped by zxcvbn-ts
 * (@zxcvbn-ts/language-common, MIT). NIST SP 800-63B §3.1.1.2 asks that a new password be
 * checked against "passwords obtained from previous breach corpuses".
 */
const commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'repetitive' | 'personal';

const codePoints = (s: string) => [...s].length;

/** The letters of a password with the digits and symbols around them taken off. */
const core = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/**
 * Checks a new password against the policy (docs/security.md): 12 to 256 characters, not
 * a common or breached password (also with digits or symbols added around it), not one
 * character or a short pattern repeated, and not the person's own e-mail address.
 * Returns the first problem, or null when the password is acceptable.
 */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string } = {},
): PasswordProblem | null {
  const length = codePoints(password);
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  const lower = password.normalize('NFKC').toLowerCase();
  const letters = core(lower);
  if (commonPasswords.has(lower) || (letters.length >= 4 && commonPasswords.has(letters)))
    return 'common';
  // "aaaaaaaaaaaa", "abcabcabcabc", "121212121212": a unit of up to 4 characters repeated.
  if (/^(.{1,4})\1+$/su.test(lower)) return 'repetitive';
  if (context.email) {
    const address = context.email.toLowerCase();
    const local = address.split('@')[0] ?? '';
    if (lower.includes(address) || (local.length >= 4 && core(lower) === local)) return 'personal';
    if (lower.replace(/[^\p{L}\p{N}]/gu, '') === local.replace(/[^\p{L}\p{N}]/gu, ''))
      return 'personal';
  }
  return null;
}

export const passwordProblemMessages: Record<PasswordProblem, string> = {
  'too-short': `must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  'too-long': `must be at most ${MAX_PASSWORD_LENGTH} characters long`,
  common: 'is a common or breached password: choose another',
  repetitive: 'is a short pattern repeated: choose another',
  personal: 'must not be your e-mail address',
};
