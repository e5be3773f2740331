/**
 * The one error type of Rapport. Its code decides the HTTP status (problem+json) and the
 * CLI exit code; its message is shown to a person, so it must never hold answers, free
 * text, tokens or names.
 */
export type AppErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'config'
  | 'unavailable'
  | 'internal';

export interface AppErrorIssue {
  /** Where the problem is, e.g. `items.3.text` or `--clients`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: readonly AppErrorIssue[];
  /** Extra members of the problem body (ids only), e.g. `duplicateOf` on a possible duplicate. */
  readonly extensions: Readonly<Record<string, string>>;

  constructor(
    code: AppErrorCode,
    message: string,
    issues: readonly AppErrorIssue[] = [],
    extensions: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
    this.extensions = extensions;
  }
}

export const badRequest = (message: string, issues: readonly AppErrorIssue[] = []) =>
  new AppError('validation', message, issues);
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string) => new AppError('conflict', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
