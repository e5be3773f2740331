import type { TFunction } from 'i18next';
import { ApiError } from '../api-client.ts';

/** A translated message for an error the server (or the network) gave. */
export function errorMessage(
  t: TFunction,
  error: unknown,
  byCode: Partial<Record<string, string>> = {},
): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  const specific = byCode[error.code];
  if (specific) return specific;
  if (error.code === 'network') return t('error.network');
  if (error.code === 'rate_limited') return t('signIn.tooMany');
  if (error.code === 'forbidden') return t('error.csrf');
  return t('error.generic');
}

const problems = ['too-short', 'too-long', 'common', 'repetitive', 'personal'] as const;

/** The password policy's reason (the server prefixes the field message with it), translated. */
export function passwordProblem(t: TFunction, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'validation') return null;
  for (const issue of error.issues) {
    const problem = problems.find((p) => issue.message.startsWith(`${p}:`));
    if (problem) return t(`passwordProblem.${problem}`);
  }
  return null;
}
