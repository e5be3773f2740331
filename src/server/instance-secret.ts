import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Config } from './config.ts';

/**
 * The key behind questionnaire links (and other derived tokens). With PostgreSQL it must come
 * from RAPPORT_SECRET, shared by every instance (config.ts insists). On SQLite, when unset,
 * one is made on first start and kept beside the database file, readable by its owner only:
 * a copy of the database alone then does not yield working links.
 */
export function resolveInstanceSecret(config: Config): string {
  if (config.secret) return config.secret;
  if (config.database.dialect !== 'sqlite' || config.database.file === ':memory:') {
    throw new Error('RAPPORT_SECRET is required');
  }
  const file = `${config.database.file}.key`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
