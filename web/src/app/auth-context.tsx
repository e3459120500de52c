import type { User } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authEvents } from '../lib/api';
import { createUserManager, realmRoles, type WebConfig } from '../lib/auth';

export type AuthState = 'loading' | 'signed-out' | 'signed-in' | 'expired' | 'deactivated' | 'error';

interface AuthContextValue {
  state: AuthState;
  user: User | null;
  roles: string[];
  error?: string;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
  markDeactivated: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

let started: Promise<{ mgr: ReturnType<typeof createUserManager>; current: User | null }> | undefined;

/** Once per page load (a redirect's code can be redeemed only once, StrictMode or not). */
function initialise() {
  started ??= (async () => {
    const response = await fetch('/web-config.json');
    if (!response.ok) throw new Error(`The API answered ${response.status} for its sign-in settings`);
    const mgr = createUserManager((await response.json()) as WebConfig);
    if (window.location.pathname !== '/auth/callback') return { mgr, current: await mgr.getUser() };
    const current = await mgr.signinRedirectCallback();
    const target = typeof current.state === 'string' && current.state.startsWith('/') ? current.state : '/';
    window.history.replaceState(null, '', target);
    return { mgr, current };
  })();
  return started;
}

/** Loads the sign-in settings from the API, completes a Keycloak redirect, keeps the session fresh. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string>();
  const [manager, setManager] = useState<ReturnType<typeof createUserManager>>();

  useEffect(() => {
    let cancelled = false;
    initialise().then(
      ({ mgr, current }) => {
        if (cancelled) return;
        mgr.events.addUserLoaded((loaded) => {
          setUser(loaded);
          setState('signed-in');
        });
        mgr.events.addSilentRenewError(() => setState('expired'));
        mgr.events.addAccessTokenExpired(() => setState('expired'));
        setManager(mgr);
        setUser(current);
        setState(current && !current.expired ? 'signed-in' : current ? 'expired' : 'signed-out');
      },
      (caught: unknown) => {
        if (cancelled) return;
        setError(caught instanceof Error ? caught.message : String(caught));
        setState('error');
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const onExpired = () => setState((previous) => (previous === 'signed-in' ? 'expired' : previous));
    authEvents.addEventListener('expired', onExpired);
    return () => authEvents.removeEventListener('expired', onExpired);
  }, []);

  const signIn = useCallback(async () => {
    if (!manager) return;
    const here = window.location.pathname + window.location.search;
    await manager.signinRedirect({ state: here === '/auth/callback' ? '/' : here });
  }, [manager]);

  const signOut = useCallback(async () => {
    if (!manager) return;
    const current = await manager.getUser();
    await manager.removeUser();
    await manager.signoutRedirect({ id_token_hint: current?.id_token });
  }, [manager]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      user,
      roles: realmRoles(user),
      error,
      signIn,
      signOut,
      markDeactivated: () => setState('deactivated'),
    }),
    [state, user, error, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
