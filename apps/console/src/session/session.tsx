import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Me, Operator, SessionAnswer } from '../api/types';
import { setTimeZone } from '../lib/dates';

/** Who is using the console: an operator signed in with a password, or the admin token (development, tests). */
export type Viewer = {
  name: string;
  email?: string;
  role: string;
  scope: Operator['scope'];
  permissions: string[];
  via: 'session' | 'token';
};

type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; viewer: Viewer };

type Session = {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
};

export function viewerFromMe(me: Me): Viewer | null {
  if (me.kind === 'admin') {
    return {
      name: 'admin',
      role: 'admin',
      scope: { regions: '*', businessLines: '*' },
      permissions: ['*'],
      via: 'token',
    };
  }
  if (me.kind === 'operator') {
    const op = 'operator' in me ? me.operator : undefined;
    if (op) {
      return {
        name: op.name,
        email: op.email,
        role: op.role,
        scope: op.scope,
        permissions: 'permissions' in me ? (me.permissions ?? []) : [],
        via: 'session',
      };
    }
    // An operator's API token: /api/me names the role but not the person.
    const role = 'role' in me ? (me.role ?? 'analyst') : 'analyst';
    const scope = 'scope' in me && me.scope ? me.scope : { regions: '*' as const, businessLines: '*' as const };
    const id = 'operatorId' in me ? (me.operatorId ?? role) : role;
    return { name: id, role, scope, permissions: [], via: 'token' };
  }
  return null; // members and system tokens have no place in the operator console
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await api<Me>('GET', '/api/me');
      // Before any page renders a date: the platform's display time zone (TRADELOOP_TIME_ZONE).
      if (me.timeZone) setTimeZone(me.timeZone);
      const viewer = viewerFromMe(me);
      setState(viewer ? { status: 'signed-in', viewer } : { status: 'signed-out' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
      else setState({ status: 'signed-out' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The session answer names the operator; /api/me then gives the viewer and the display time zone in one place.
  const signIn = useCallback(
    async (email: string, password: string) => {
      await api<SessionAnswer>('POST', '/api/session', { email, password });
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await api<void>('DELETE', '/api/session');
    } catch {
      // Already signed out (or signed in with a token): either way the console shows the sign-in page.
    }
    setState({ status: 'signed-out' });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
