import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from './api/client';
import type { Me } from './api/types';
import { can, type Capability } from './access';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; error: ApiError }
  | { status: 'authenticated'; me: Me };

interface SessionValue {
  state: SessionState;
  me: Me | undefined;
  login(input: { tenant: string; email: string; password: string }): Promise<Me>;
  logout(): Promise<void>;
  reload(): Promise<void>;
  can(capability: Capability): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds who is signed in, from GET /me; every console page reads it through `useSession`. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      const me = await api.get<Me>('/me');
      setState({ status: 'authenticated', me });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
      else setState({ status: 'error', error: err instanceof ApiError ? err : new ApiError({ status: 0 }) });
    }
  }, []);

  useEffect(() => {
    void reload();
    onUnauthorized(() => setState((s) => (s.status === 'authenticated' ? { status: 'anonymous' } : s)));
    return () => onUnauthorized(undefined);
  }, [reload]);

  const login = useCallback(async (input: { tenant: string; email: string; password: string }) => {
    await api.post('/auth/login', input);
    const me = await api.get<Me>('/me');
    setState({ status: 'authenticated', me });
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setState({ status: 'anonymous' });
    }
  }, []);

  const value = useMemo<SessionValue>(() => {
    const me = state.status === 'authenticated' ? state.me : undefined;
    return { state, me, login, logout, reload, can: (c) => can(me?.actor.role, c) };
  }, [state, login, logout, reload]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}

/** The signed-in session; only for pages rendered behind the auth guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe used without a session');
  return me;
}
