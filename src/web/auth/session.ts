import type { SessionState } from '../../core/api/auth.ts';

/** What GET /api/auth/session answers: the server's schema (src/core/api/auth.ts). */
export type { SessionState };

/** Where each sign-in state is finished. */
export const pathForState: Record<SessionState['state'], string> = {
  'signed-out': '/sign-in',
  'second-factor': '/sign-in/code',
  'enrol-second-factor': '/sign-in/set-up',
  'signed-in': '/',
  // The session shows one client their own charts; leaving it is a new sign-in.
  'in-session': '/in-session',
};
