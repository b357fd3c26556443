import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { me, type Me } from '../api/endpoints.ts';
import { ApiError } from '../api/http.ts';
import {
  onSession,
  restoreSession,
  sessionSnapshot,
  signIn as apiSignIn,
  signOut as apiSignOut,
  signUp as apiSignUp,
  type SessionSnapshot,
} from '../api/session.ts';

interface SessionValue extends SessionSnapshot {
  user: Me | undefined;
  isAdmin: boolean;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [snap, setSnap] = useState<SessionSnapshot>(sessionSnapshot());
  const [user, setUser] = useState<Me | undefined>(undefined);

  useEffect(() => {
    const off = onSession(setSnap);
    void restoreSession();
    return off;
  }, []);

  useEffect(() => {
    if (snap.status !== 'signedIn') {
      setUser(undefined);
      return;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (attempt: number) => {
      me().then(
        (u) => live && setUser(u),
        (err: unknown) => {
          // A busy or briefly unreachable gateway: ask again (Retry-After when it says so).
          const wait =
            err instanceof ApiError && err.retryAfterMs !== undefined
              ? err.retryAfterMs
              : 2000 * 2 ** attempt;
          if (live && attempt < 6) timer = setTimeout(() => load(attempt + 1), Math.min(wait, 60_000));
        },
      );
    };
    load(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [snap.status]);

  const signIn = useCallback((e: string, p: string) => apiSignIn(e, p), []);
  const signUp = useCallback((e: string, p: string) => apiSignUp(e, p), []);
  const signOut = useCallback(() => apiSignOut(), []);

  const value = useMemo<SessionValue>(
    () => ({
      ...snap,
      user,
      isAdmin: !!user && (user.role === 'admin' || user.roles.includes('admin')),
      signIn,
      signUp,
      signOut,
    }),
    [snap, user, signIn, signUp, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
