import { MAIL_NOT_CONFIGURED_CODE } from '../../core/measurement/mail-delivery.ts';
import nodemailer from 'nodemailer';
import { PermanentFailure } from '../../core/permanent-failure.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail. Jobs call it (never a request), so a slow SMTP server slows no one down. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** The last error of a mail job that ended because no SMTP_URL is configured. */
export const MAIL_NOT_CONFIGURED = MAIL_NOT_CONFIGURED_CODE;

/**
 * A mailer for SMTP_URL (smtp:// or smtps://, with credentials in the URL if the server
 * needs them). Without one, sending fails for good: retrying cannot conjure a mail server,
 * and a queue of retried mails would fill the log with errors.
 */
export function createSmtpMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      send: async () => {
        throw new PermanentFailure(
          MAIL_NOT_CONFIGURED,
          'mail not sent: no mail server configured (SMTP_URL)',
        );
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async (message) => {
      await transport.sendMail({ from, ...message });
    },
  };
}
