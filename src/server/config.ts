import { z } from 'zod';
import { AppError } from '../core/app-error.ts';

const retentionDays = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(0, 'must be between 0 and 3650 days')
    .max(3650, 'must be between 0 and 3650 days')
    .default(fallback);

/**
 * The only reader of the environment. Parsed once at start; a bad value stops the start
 * with a one-line message that names the variable (never its value: it may be a secret).
 */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  RAPPORT_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL (leave it unset for SQLite)')
    .optional(),
  RAPPORT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RAPPORT_JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  RAPPORT_AUTH_MODE: z
    .enum(['two-factor', 'password-only'], { message: 'must be two-factor or password-only' })
    .default('two-factor'),
  RAPPORT_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  RAPPORT_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s):// URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Rapport <no-reply@localhost>'),
  RAPPORT_TRUST_PROXY: z.string().min(1).optional(),
  RAPPORT_REMINDER_LEAD_HOURS: z.coerce
    .number({ message: 'must be a whole number of hours' })
    .int('must be a whole number of hours')
    .min(1, 'must be between 1 and 168 hours')
    .max(7 * 24, 'must be between 1 and 168 hours')
    .default(24),
  RAPPORT_RETAIN_SESSIONS_DAYS: retentionDays(1),
  RAPPORT_RETAIN_THROTTLE_HOURS: z.coerce
    .number({ message: 'must be a whole number of hours' })
    .int('must be a whole number of hours')
    // The sign-in throttle's window is 15 minutes: a row must outlive it.
    .min(1, 'must be between 1 and 720 hours')
    .max(720, 'must be between 1 and 720 hours')
    .default(24),
  RAPPORT_RETAIN_JOBS_DAYS: retentionDays(30),
  RAPPORT_RETAIN_VISITS_DAYS: retentionDays(1),
  RAPPORT_RECORDING_MAX_MB: z.coerce
    .number({ message: 'must be a whole number of megabytes' })
    .int('must be a whole number of megabytes')
    .min(1, 'must be between 1 and 4096 megabytes')
    .max(4096, 'must be between 1 and 4096 megabytes')
    .default(200),
});

export type DatabaseTarget =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  /** Absent on SQLite means "generate one and keep it in the data directory". */
  secret: string | undefined;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  jobPollMs: number;
  auth: {
    /** 'password-only' drops the second factor and makes the app show a permanent warning. */
    mode: 'two-factor' | 'password-only';
    sessionIdleMinutes: number;
    sessionMaxHours: number;
  };
  /** Base of links in e-mails (password reset): the address people type in their browser. */
  publicUrl: string;
  mail: { smtpUrl: string | undefined; from: string };
  /**
   * Which proxies may set X-Forwarded-For (Fastify's trustProxy: addresses, CIDRs or
   * `loopback`); unset trusts none, so rate limits count the socket address.
   */
  trustProxy: string | undefined;
  /** How long before a questionnaire link expires its reminder mail goes out. */
  reminderLeadHours: number;
  /** How long the daily housekeeping keeps short-lived rows past their end. */
  retention: { sessionDays: number; throttleHours: number; jobDays: number; visitDays: number };
  /**
   * Interview recordings: encrypted files under `<dataDir>/recordings` (shared storage when
   * several instances run), and the largest upload accepted.
   */
  recordings: { dir: string; maxBytes: number };
}

export interface ConfigOverrides {
  port?: number;
  host?: string;
  sqliteFile?: string;
  databaseUrl?: string;
  authMode?: Config['auth']['mode'];
}

export function loadConfig(
  overrides: ConfigOverrides = {},
  env: Record<string, string | undefined> = process.env,
): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const name = String(first?.path[0] ?? 'environment');
    throw new AppError('config', `invalid configuration: ${name} ${first?.message ?? ''}`.trim());
  }
  const e = parsed.data;
  const dataDir = e.RAPPORT_DATA_DIR;
  const url = overrides.databaseUrl ?? e.DATABASE_URL;
  const database: DatabaseTarget = overrides.sqliteFile
    ? { dialect: 'sqlite', file: overrides.sqliteFile }
    : url
      ? { dialect: 'postgres', url }
      : { dialect: 'sqlite', file: `${dataDir}/rapport.db` };
  if (database.dialect === 'postgres' && !e.RAPPORT_SECRET) {
    // Several instances share one PostgreSQL, so they must share the secret too.
    throw new AppError(
      'config',
      'invalid configuration: RAPPORT_SECRET is required with PostgreSQL (at least 32 characters, e.g. `openssl rand -hex 32`)',
    );
  }
  return {
    port: overrides.port ?? e.PORT,
    host: overrides.host ?? e.HOST,
    dataDir,
    database,
    secret: e.RAPPORT_SECRET,
    logLevel: e.LOG_LEVEL,
    jobPollMs: e.RAPPORT_JOB_POLL_MS,
    auth: {
      mode: overrides.authMode ?? e.RAPPORT_AUTH_MODE,
      sessionIdleMinutes: e.RAPPORT_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.RAPPORT_SESSION_MAX_HOURS,
    },
    publicUrl:
      e.PUBLIC_URL ??
      `http://${(overrides.host ?? e.HOST) === '0.0.0.0' ? 'localhost' : (overrides.host ?? e.HOST)}:${overrides.port ?? e.PORT}`,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    trustProxy: e.RAPPORT_TRUST_PROXY,
    reminderLeadHours: e.RAPPORT_REMINDER_LEAD_HOURS,
    retention: {
      sessionDays: e.RAPPORT_RETAIN_SESSIONS_DAYS,
      throttleHours: e.RAPPORT_RETAIN_THROTTLE_HOURS,
      jobDays: e.RAPPORT_RETAIN_JOBS_DAYS,
      visitDays: e.RAPPORT_RETAIN_VISITS_DAYS,
    },
    recordings: {
      dir: `${dataDir}/recordings`,
      maxBytes: e.RAPPORT_RECORDING_MAX_MB * 1024 * 1024,
    },
  };
}

/**
 * The environment for a child process (pg_dump, pg_restore), with `extra` on top: passed on
 * unread, so PATH, locale and libpq's own variables reach the tool. Kept here because this
 * module is the only reader of process.env.
 */
export function childProcessEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
