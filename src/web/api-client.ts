/**
 * The one way the web app talks to the server: JSON in and out, the session's CSRF token
 * on every state-changing request, and problem+json answers turned into ApiError.
 */

export interface ProblemIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  /** e.g. `urn:rapport:problem:unauthorized`. */
  readonly type: string;
  readonly detail: string;
  readonly issues: ProblemIssue[];
  /** A possible duplicate's id, on a 409 from POST/PATCH /api/clients. */
  readonly duplicateOf: string | undefined;

  constructor(
    status: number,
    type: string,
    detail: string,
    issues: ProblemIssue[] = [],
    duplicateOf?: string,
  ) {
    super(detail);
    this.duplicateOf = duplicateOf;
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.detail = detail;
    this.issues = issues;
  }

  /** The problem's code, e.g. `unauthorized`, `rate_limited`, `validation`, or `network`. */
  get code(): string {
    return this.type.replace(/^urn:rapport:problem:/, '');
  }
}

let csrfToken: string | null = null;

/** The session endpoint hands out the token; every sign-in step may change it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function apiRequest<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'urn:rapport:problem:network', 'The server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: handled below
  }
  if (!response.ok) throw problemError(response.status, response.statusText, json);
  return json as T;
}

function problemError(status: number, statusText: string, json: unknown): ApiError {
  const problem = (json ?? {}) as {
    type?: string;
    detail?: string;
    errors?: ProblemIssue[];
    duplicateOf?: string;
  };
  return new ApiError(
    status,
    problem.type ?? 'urn:rapport:problem:internal',
    problem.detail ?? statusText,
    problem.errors ?? [],
    problem.duplicateOf,
  );
}

/**
 * A file sent as the raw request body with XMLHttpRequest, so that `onProgress` hears how
 * much of it has gone (fetch cannot tell); the answer and refusals as apiRequest's.
 */
export function apiUpload<T>(
  path: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () =>
      reject(new ApiError(0, 'urn:rapport:problem:network', 'The server cannot be reached.'));
    xhr.onload = () => {
      let json: unknown = undefined;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        // not JSON: handled below
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
      else reject(problemError(xhr.status, xhr.statusText, json));
    };
    xhr.send(file);
  });
}

export const apiGet = <T>(path: string) => apiRequest<T>('GET', path);
export const apiPost = <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {});
