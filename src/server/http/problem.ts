import type { AppErrorCode, AppErrorIssue } from '../../core/app-error.ts';

/** RFC 9457 problem details, the body of every error answer. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: AppErrorIssue[];
  /** RFC 9457 extension members (ids only), e.g. duplicateOf. */
  [extension: string]: unknown;
}

export const statusByCode: Record<AppErrorCode, number> = {
  validation: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  config: 500,
  unavailable: 503,
  internal: 500,
};

const titleByCode: Record<AppErrorCode, string> = {
  validation: 'The request is not valid',
  bad_request: 'The request is not valid',
  unauthorized: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'The request is too large',
  rate_limited: 'Too many requests',
  config: 'Server misconfigured',
  unavailable: 'Service unavailable',
  internal: 'Something went wrong on our side',
};

export function problemFor(
  code: AppErrorCode,
  detail: string,
  requestId: string,
  errors?: AppErrorIssue[],
  extensions: Readonly<Record<string, string>> = {},
): Problem {
  return {
    ...extensions,
    type: `urn:rapport:problem:${code}`,
    title: titleByCode[code],
    status: statusByCode[code],
    detail,
    requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
