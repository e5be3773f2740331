/** How sign-in behaves; from the configuration (src/server/config.ts), with defaults for tests. */
export interface AuthSettings {
  mode: 'two-factor' | 'password-only';
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** A session that has passed the password but not yet the second factor lives this long. */
  pendingSessionMs: number;
  /** Per-address limits, per window. */
  loginAttemptsPerAddress: number;
  passwordResetsPerAddress: number;
  rateLimitWindowMs: number;
  /** Consecutive failures on one account before it is made to wait, doubling each time. */
  backoffAfterFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  passwordResetLifetimeMs: number;
}

export const defaultAuthSettings: AuthSettings = {
  mode: 'two-factor',
  // A shared clinic computer must not stay signed in over lunch; a working day at most.
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 3_600_000,
  pendingSessionMs: 10 * 60_000,
  loginAttemptsPerAddress: 30,
  passwordResetsPerAddress: 5,
  rateLimitWindowMs: 15 * 60_000,
  // OWASP's authentication cheat sheet: slow an account down rather than lock it for good,
  // so that an attacker cannot lock a therapist out of their caseload.
  backoffAfterFailures: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 15 * 60_000,
  passwordResetLifetimeMs: 30 * 60_000,
};

export function authSettingsFromConfig(config: {
  mode: AuthSettings['mode'];
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}): AuthSettings {
  return {
    ...defaultAuthSettings,
    mode: config.mode,
    sessionIdleMs: config.sessionIdleMinutes * 60_000,
    sessionAbsoluteMs: config.sessionMaxHours * 3_600_000,
  };
}
