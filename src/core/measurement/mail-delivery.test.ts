import { describe, expect, it } from 'vitest';
import { mailDelivery } from './mail-delivery.ts';

describe('what became of a queued mail', () => {
  it('reads the job: waiting, sent, retried after a failure, or not sent and why', () => {
    expect(mailDelivery({ status: 'queued', lastError: null })).toEqual({
      state: 'queued',
      reason: null,
    });
    expect(mailDelivery({ status: 'running', lastError: null }).state).toBe('queued');
    expect(mailDelivery({ status: 'done', lastError: 'Error' })).toEqual({
      state: 'sent',
      reason: null,
    });
    expect(mailDelivery({ status: 'queued', lastError: 'Error' }).state).toBe('retrying');
    expect(mailDelivery({ status: 'failed', lastError: 'mail_not_configured' })).toEqual({
      state: 'not-sent',
      reason: 'no-mail-server',
    });
    // Any other final failure (a refused mailbox after every retry) says only that.
    expect(mailDelivery({ status: 'failed', lastError: 'Error' })).toEqual({
      state: 'not-sent',
      reason: 'delivery-failed',
    });
  });
});
