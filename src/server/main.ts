import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { authSettingsFromConfig } from './auth/auth-settings.ts';
import { PASSWORD_RESET_MAIL_JOB } from './auth/password.service.ts';
import { passwordResetMailJob } from './auth/password-reset-mail.job.ts';
import { secondFactorResetMailJob } from './auth/second-factor-reset-mail.job.ts';
import { SECOND_FACTOR_RESET_MAIL_JOB } from './auth/second-factor-reset.service.ts';
import { encryptPlainTotpSecrets, totpSecretBox } from './auth/totp-secret-storage.service.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './db/database.ts';
import type { DemoMailbox } from './demo/demo-mailbox.ts';
import { type JobWorker, startJobWorker } from './jobs/job-worker.ts';
import {
  HOUSEKEEPING_JOB,
  housekeepingJob,
  scheduleHousekeeping,
} from './jobs/housekeeping.job.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import { resolveInstanceSecret } from './instance-secret.ts';
import { alertJobHandlers } from './alerts/alert-job-handlers.ts';
import { interviewJobHandlers } from './research/interviews/interview-job-handlers.ts';
import {
  recordingJobHandlers,
  scheduleRecordingRetention,
} from './research/recordings/recording-retention.job.ts';
import { recordingStore } from './research/recordings/recording.service.ts';
import { questionnaireMailJobs } from './measurement/questionnaire-mail.job.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates it, listens, and shuts down cleanly on SIGTERM/SIGINT. */
export async function startServer(
  config: Config,
  options: { database?: DatabaseHandle; handleSignals?: boolean; demoMailbox?: DemoMailbox } = {},
): Promise<RunningServer> {
  const database = options.database ?? openDatabase(config.database);
  await migrateToLatest(database.db);
  const secret = resolveInstanceSecret(config);
  const sealing = await encryptPlainTotpSecrets(database.db, totpSecretBox(secret));
  const app = await buildApp({
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    logLevel: config.logLevel,
    auth: authSettingsFromConfig(config.auth),
    ...(config.trustProxy && { trustProxy: config.trustProxy }),
    // Recording attendance creates questionnaire links, derived from the instance secret.
    secret,
    publicUrl: config.publicUrl,
    reminderLeadHours: config.reminderLeadHours,
    recordings: config.recordings,
    ...(options.demoMailbox && { demoMailbox: options.demoMailbox }),
  });
  if (sealing.sealed > 0) app.log.info({ sealed: sealing.sealed }, 'sealed plain TOTP secrets');
  if (sealing.foreign > 0)
    app.log.warn(
      { foreign: sealing.foreign },
      'TOTP secrets sealed under another instance secret: those people cannot sign in (was RAPPORT_SECRET changed without `rapport secrets rotate`?)',
    );
  // Today's run, once across instances (its unique key is the day); each run queues the next.
  await scheduleHousekeeping(database.db, systemClock(), systemClock());
  await scheduleRecordingRetention(database.db, systemClock(), systemClock());
  const mailer = createSmtpMailer(config.mail.smtpUrl, config.mail.from);
  const worker: JobWorker = startJobWorker({
    db: database.db,
    dialect: database.dialect,
    handlers: {
      [PASSWORD_RESET_MAIL_JOB]: passwordResetMailJob({
        db: database.db,
        clock: systemClock,
        mailer,
        publicUrl: config.publicUrl,
      }),
      [SECOND_FACTOR_RESET_MAIL_JOB]: secondFactorResetMailJob({
        db: database.db,
        clock: systemClock,
        mailer,
        publicUrl: config.publicUrl,
      }),
      ...questionnaireMailJobs({
        db: database.db,
        clock: systemClock,
        mailer,
        publicUrl: config.publicUrl,
        secret,
      }),
      ...alertJobHandlers({
        db: database.db,
        clock: systemClock,
        mailer,
        publicUrl: config.publicUrl,
      }),
      ...interviewJobHandlers({ db: database.db, clock: systemClock }),
      ...recordingJobHandlers({
        db: database.db,
        clock: systemClock,
        store: recordingStore(secret, config.recordings),
        logger: app.log,
      }),
      [HOUSEKEEPING_JOB]: housekeepingJob({
        db: database.db,
        clock: systemClock,
        retention: config.retention,
        logger: app.log,
      }),
    },
    clock: systemClock,
    logger: app.log,
    pollMs: config.jobPollMs,
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await worker.stop();
      await app.close();
      await database.close();
    })());

  if (options.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'shutting down');
        void close().then(() => process.exit(0));
      });
    }
  }
  return { app, url, close };
}
