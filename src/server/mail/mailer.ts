import nodemailer from 'nodemailer';
import { AppError } from '../../core/app-error.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail. Jobs call it (never a request), so a slow SMTP server slows no one down. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * A mailer for SMTP_URL (smtp:// or smtps://, with credentials in the URL if the server
 * needs them). Without one, sending fails with a code the job table keeps and retries.
 */
export function createSmtpMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      send: async () => {
        throw new AppError('unavailable', 'mail is not configured (SMTP_URL)');
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
