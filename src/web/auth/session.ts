/** What GET /api/auth/session answers (src/server/auth/auth.routes.ts). */
export interface SessionState {
  authMode: 'two-factor' | 'password-only';
  state: 'signed-out' | 'second-factor' | 'enrol-second-factor' | 'signed-in';
  csrfToken: string | null;
  staff: {
    id: string;
    email: string;
    displayName: string;
    roles: { clinicId: string; role: string }[];
  } | null;
  expiresAt: string | null;
}

/** Where each sign-in state is finished. */
export const pathForState: Record<SessionState['state'], string> = {
  'signed-out': '/sign-in',
  'second-factor': '/sign-in/code',
  'enrol-second-factor': '/sign-in/set-up',
  'signed-in': '/',
};
