/**
 * What became of a mail Rapport queued (a client's link, an urgent alert), in words a
 * therapist can act on: it is on its way, it went, it is being retried, or it was not sent
 * and why. Read from the mail's job (status and last error code; never a message, which
 * might quote an address).
 */
export type MailState = 'queued' | 'sent' | 'retrying' | 'not-sent';
/** Why a mail was not sent: no mail server configured, or the server refused it for good. */
export type MailProblem = 'no-mail-server' | 'delivery-failed';

export interface MailDelivery {
  state: MailState;
  reason: MailProblem | null;
}

/** The job error code a mail job ends with when no SMTP server is configured. */
export const MAIL_NOT_CONFIGURED_CODE = 'mail_not_configured';

export function mailDelivery(job: {
  status: 'queued' | 'running' | 'done' | 'failed';
  lastError: string | null;
}): MailDelivery {
  if (job.status === 'done') return { state: 'sent', reason: null };
  if (job.status === 'failed')
    return {
      state: 'not-sent',
      reason: job.lastError === MAIL_NOT_CONFIGURED_CODE ? 'no-mail-server' : 'delivery-failed',
    };
  // A queued job with an error has failed before and waits for its next attempt.
  return { state: job.lastError ? 'retrying' : 'queued', reason: null };
}
