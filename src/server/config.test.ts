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
});
