import { beforeEach } from 'vitest';
import type { Clock } from '../../src/server/clock.ts';

export interface TestClock {
  /** For the app and the services: reads the running test's time. */
  readonly clock: Clock;
  /** The running test's time, in milliseconds since the epoch. */
  now(): number;
  advance(ms: number): void;
  set(at: string | number): void;
}

/**
 * A clock each test owns: back at `start` before every test of the describe block it is
 * called in, and moved only by that test, so no test depends on what ran before it. The app
 * of the block (built once) is given `clock`, which reads the current test's time.
 */
export function useTestClock(start: string | number): TestClock {
  const startMs = typeof start === 'number' ? start : Date.parse(start);
  let now = startMs;
  beforeEach(() => {
    now = startMs;
  });
  return {
    clock: () => new Date(now),
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (at) => {
      now = typeof at === 'number' ? at : Date.parse(at);
    },
  };
}
