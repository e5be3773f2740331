import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, apiGet, apiPost, setCsrfToken } from '../api-client.ts';
import type { SessionState } from './session.ts';

interface SessionContextValue {
  /** Null while the first answer is on its way. */
  session: SessionState | null;
  /** A sign-in step answered with a new state: keep it (and its CSRF token). */
  update(next: SessionState): void;
  refresh(): Promise<SessionState>;
  signOut(): Promise<void>;
  /** The server could not be asked (network or server error). */
  error: ApiError | null;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const update = useCallback((next: SessionState) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await apiGet<SessionState>('/api/auth/session');
      update(next);
      setError(null);
      return next;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
      throw e;
    }
  }, [update]);

  const signOut = useCallback(async () => {
    try {
      await apiPost('/api/auth/logout');
    } finally {
      await refresh().catch(() => undefined);
    }
  }, [refresh]);

  useEffect(() => {
    refresh().catch(() => undefined);
  }, [refresh]);

  const value = useMemo(
    () => ({ session, update, refresh, signOut, error }),
    [session, update, refresh, signOut, error],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}
