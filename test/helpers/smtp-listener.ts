import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type Mailer, createSmtpMailer } from '../../src/server/mail/mailer.ts';

export interface ReceivedMail {
  to: string[];
  body: string;
}

export interface SmtpListener {
  received: ReceivedMail[];
  /** Addresses refused at RCPT TO (a mailbox that is full or down), to test retries. */
  rejected: Set<string>;
  url: string;
  /** Our mailer, sending to this listener as Rapport's test instance. */
  mailer: Mailer;
  close(): Promise<void>;
}

/** A real SMTP listener on a free port that keeps what it receives. */
export async function startSmtpListener(): Promise<SmtpListener> {
  const received: ReceivedMail[] = [];
  const rejected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address)) {
        const refusal = Object.assign(new Error('Mailbox unavailable'), { responseCode: 450 });
        callback(refusal);
      } else callback();
    },
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return {
    received,
    rejected,
    url,
    mailer: createSmtpMailer(url, 'Rapport <rapport@test.example>'),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
