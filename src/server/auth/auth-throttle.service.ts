import { AppError } from '../../core/app-error.ts';
import type { AuthDeps } from './auth-deps.ts';
import {
  countThrottleEvent,
  deleteThrottle,
  findThrottle,
  setThrottleLock,
} from './auth-throttle.repository.ts';
import { hashSecretToken } from './secret-token.ts';

const DAY_MS = 24 * 3_600_000;

export type RateLimitScope = 'login' | 'password-reset';

/** Throttle keys hold no address in clear text beyond the IP, and no e-mail address. */
export const addressKey = (scope: RateLimitScope, address: string) => `address:${scope}:${address}`;
export const emailKey = (email: string) =>
  `account:login:${hashSecretToken(email.trim().toLowerCase())}`;
export const secondFactorKey = (staffUserId: string) => `account:second-factor:${staffUserId}`;

export const tooManyRequests = () =>
  new AppError('rate_limited', 'Too many attempts. Wait a few minutes, then try again.');

/**
 * Counts one request from an address in the current window and refuses it once the
 * address is over its limit. The counter is in the database, so every instance sees it.
 */
export async function takeAddressAllowance(
  deps: AuthDeps,
  scope: RateLimitScope,
  address: string,
): Promise<boolean> {
  const now = deps.clock();
  const limit =
    scope === 'login'
      ? deps.settings.loginAttemptsPerAddress
      : deps.settings.passwordResetsPerAddress;
  const { count } = await countThrottleEvent(
    deps.db,
    addressKey(scope, address),
    now.toISOString(),
    new Date(now.getTime() - deps.settings.rateLimitWindowMs).toISOString(),
  );
  return count <= limit;
}

/**
 * Sign-in: true when an address has had its limit of *failed* sign-ins in the current window.
 * Only failures count (countAddressFailure), so an office of ten behind one address can sign
 * in all morning; a guesser from that address is stopped after the limit.
 */
export async function isAddressOverLoginLimit(deps: AuthDeps, address: string): Promise<boolean> {
  const throttle = await findThrottle(deps.db, addressKey('login', address));
  if (!throttle) return false;
  const windowStart = new Date(deps.clock().getTime() - deps.settings.rateLimitWindowMs);
  if (throttle.windowStartedAt < windowStart.toISOString()) return false;
  return throttle.count >= deps.settings.loginAttemptsPerAddress;
}

/** One failed sign-in from an address, in the current window. */
export async function countAddressFailure(deps: AuthDeps, address: string): Promise<void> {
  const now = deps.clock();
  await countThrottleEvent(
    deps.db,
    addressKey('login', address),
    now.toISOString(),
    new Date(now.getTime() - deps.settings.rateLimitWindowMs).toISOString(),
  );
}

/** True while an account (or an address without account: the same answer) must wait. */
export async function isBackedOff(deps: AuthDeps, key: string): Promise<boolean> {
  const throttle = await findThrottle(deps.db, key);
  return !!throttle?.lockedUntil && throttle.lockedUntil > deps.clock().toISOString();
}

/**
 * One more failure: from the N-th consecutive one (within a day) the account waits, 30 s
 * doubling each time up to 15 minutes (defaults; see AuthSettings).
 */
export async function recordFailure(deps: AuthDeps, key: string): Promise<void> {
  const now = deps.clock();
  const { count } = await countThrottleEvent(
    deps.db,
    key,
    now.toISOString(),
    new Date(now.getTime() - DAY_MS).toISOString(),
  );
  const { backoffAfterFailures, backoffBaseMs, backoffMaxMs } = deps.settings;
  if (count < backoffAfterFailures) return;
  const wait = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (count - backoffAfterFailures));
  await setThrottleLock(deps.db, key, new Date(now.getTime() + wait).toISOString());
}

export const clearFailures = (deps: AuthDeps, key: string) => deleteThrottle(deps.db, key);
