import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { AuthSettings } from './auth-settings.ts';

/** What the sign-in use cases need: the database, the time, and the settings. */
export interface AuthDeps {
  db: Database;
  clock: Clock;
  settings: AuthSettings;
  /**
   * Seals TOTP secrets at rest, keyed by the instance secret (totpSecretBox); without it
   * (an app built with no instance secret) no second factor can be set up or checked.
   */
  totpBox?: SecretBox;
}

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}
