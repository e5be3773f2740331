import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to SQLite in the data directory on port 3000', () => {
    expect(loadConfig({}, {})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { dialect: 'sqlite', file: './data/rapport.db' },
    });
  });

  it('uses PostgreSQL when DATABASE_URL names one, and then needs a shared secret', () => {
    const url = 'postgres://rapport@db.internal:5432/rapport';
    expect(() => loadConfig({}, { DATABASE_URL: url })).toThrow(/RAPPORT_SECRET is required/);
    expect(loadConfig({}, { DATABASE_URL: url, RAPPORT_SECRET: 'x'.repeat(32) }).database).toEqual({
      dialect: 'postgres',
      url,
    });
  });

  it.each([
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RAPPORT_SECRET: 'short' }, 'RAPPORT_SECRET'],
    [{ RAPPORT_AUTH_MODE: 'none' }, 'RAPPORT_AUTH_MODE'],
    [{ RAPPORT_SESSION_IDLE_MINUTES: '0' }, 'RAPPORT_SESSION_IDLE_MINUTES'],
    [{ SMTP_URL: 'http://user:hunter2@mail.example' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'ftp://rapport.example' }, 'PUBLIC_URL'],
    [{ RAPPORT_REMINDER_LEAD_HOURS: '0' }, 'RAPPORT_REMINDER_LEAD_HOURS'],
    [{ RAPPORT_REMINDER_LEAD_HOURS: '169' }, 'RAPPORT_REMINDER_LEAD_HOURS'],
    [{ RAPPORT_REMINDER_LEAD_HOURS: '12.5' }, 'RAPPORT_REMINDER_LEAD_HOURS'],
    [{ RAPPORT_REMINDER_LEAD_HOURS: 'a day' }, 'RAPPORT_REMINDER_LEAD_HOURS'],
  ])('stops on %j with a one-line message naming %s', (env, name) => {
    try {
      loadConfig({}, env);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(name);
      expect(message).not.toContain('\n');
      // The value itself may be a secret: it is never echoed.
      for (const value of Object.values(env)) expect(message).not.toContain(value);
    }
  });

  it('sends questionnaire reminders 24 hours before expiry unless told otherwise', () => {
    expect(loadConfig({}, {}).reminderLeadHours).toBe(24);
    expect(loadConfig({}, { RAPPORT_REMINDER_LEAD_HOURS: '6' }).reminderLeadHours).toBe(6);
    expect(loadConfig({}, { RAPPORT_REMINDER_LEAD_HOURS: '168' }).reminderLeadHours).toBe(168);
  });

  it('keeps short-lived rows a day (finished jobs 30 days) unless told otherwise', () => {
    expect(loadConfig({}, {}).retention).toEqual({
      sessionDays: 1,
      throttleHours: 24,
      jobDays: 30,
      visitDays: 1,
    });
    expect(
      loadConfig({}, { RAPPORT_RETAIN_JOBS_DAYS: '7', RAPPORT_RETAIN_SESSIONS_DAYS: '0' })
        .retention,
    ).toMatchObject({ jobDays: 7, sessionDays: 0 });
    expect(() => loadConfig({}, { RAPPORT_RETAIN_THROTTLE_HOURS: '0' })).toThrow(
      'RAPPORT_RETAIN_THROTTLE_HOURS must be between 1 and 720 hours',
    );
    expect(() => loadConfig({}, { RAPPORT_RETAIN_VISITS_DAYS: '-1' })).toThrow(
      'RAPPORT_RETAIN_VISITS_DAYS',
    );
  });

  it('keeps recordings under the data directory and accepts uploads up to 200 MB unless told otherwise', () => {
    expect(loadConfig({}, { RAPPORT_DATA_DIR: '/srv/rapport' }).recordings).toEqual({
      dir: '/srv/rapport/recordings',
      maxBytes: 200 * 1024 * 1024,
    });
    expect(loadConfig({}, { RAPPORT_RECORDING_MAX_MB: '50' }).recordings.maxBytes).toBe(
      50 * 1024 * 1024,
    );
    expect(() => loadConfig({}, { RAPPORT_RECORDING_MAX_MB: '0' })).toThrow(
      'RAPPORT_RECORDING_MAX_MB must be between 1 and 4096 megabytes',
    );
  });

  it('requires two factors by default, and reads the sign-in and mail settings', () => {
    expect(loadConfig({}, {})).toMatchObject({
      auth: { mode: 'two-factor', sessionIdleMinutes: 30, sessionMaxHours: 12 },
      publicUrl: 'http://127.0.0.1:3000',
      mail: { smtpUrl: undefined },
    });
    const config = loadConfig(
      { authMode: 'password-only' },
      {
        RAPPORT_SESSION_IDLE_MINUTES: '15',
        PUBLIC_URL: 'https://rapport.clinic.example/',
        SMTP_URL: 'smtps://user:pass@mail.clinic.example',
        MAIL_FROM: 'Rapport <rapport@clinic.example>',
      },
    );
    expect(config).toMatchObject({
      auth: { mode: 'password-only', sessionIdleMinutes: 15 },
      publicUrl: 'https://rapport.clinic.example',
      mail: {
        smtpUrl: 'smtps://user:pass@mail.clinic.example',
        from: 'Rapport <rapport@clinic.example>',
      },
    });
  });
});
