/**
 * A failure no retry can fix (e.g. no mail server configured): the job worker ends the job
 * at once with `reason` as its last error, and warns once per reason rather than per job.
 * Its message is logged, so it must never hold answers, free text, tokens or names.
 */
export class PermanentFailure extends Error {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = 'PermanentFailure';
    this.reason = reason;
  }
}

export function isPermanentFailure(error: unknown): error is PermanentFailure {
  return error instanceof PermanentFailure;
}
