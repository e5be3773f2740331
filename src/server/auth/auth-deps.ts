import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { AuthSettings } from './auth-settings.ts';

/** What the sign-in use cases need: the database, the time, and the settings. */
export interface AuthDeps {
  db: Database;
  clock: Clock;
  settings: AuthSettings;
}

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}
