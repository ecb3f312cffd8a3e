import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, useApi } from '../api';
import { checkKeyShape, type Identity, type Permissions, permissionsOf } from './identity';
import { clearStoredKey, readStoredKey, storeKey } from './key-storage';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-out'; error?: string }
  | { status: 'signed-in'; identity: Identity; permissions: Permissions };

interface AuthContextValue {
  state: AuthState;
  /** Verifies the key against the registry and keeps it; resolves to the error to show, or undefined. */
  signIn(key: string): Promise<string | undefined>;
  /** Forgets the key and everything fetched with it; `reason` is shown on the sign-in page. */
  signOut(reason?: string): void;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

/** Why the registry refused a key, as the sign-in page says it. */
function describeRefusal(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isUnauthorized) return 'The registry refused this key: it is wrong, revoked or expired.';
    if (error.isUnavailable) return 'The registry is unavailable; try again shortly.';
    return `The registry could not check this key: ${error.message}`;
  }
  return 'The key could not be checked.';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>(() =>
    readStoredKey() ? { status: 'checking' } : { status: 'signed-out' },
  );

  const verify = useCallback(
    async (key: string): Promise<AuthState> => {
      try {
        const identity = await api.get<Identity>('registry', '/whoami', { key });
        return { status: 'signed-in', identity, permissions: permissionsOf(identity) };
      } catch (error) {
        return { status: 'signed-out', error: describeRefusal(error) };
      }
    },
    [api],
  );

  // A key kept from earlier in this tab is checked again before any page shows (it may have been revoked since).
  useEffect(() => {
    const key = readStoredKey();
    if (!key) return;
    let current = true;
    void verify(key).then((next) => {
      if (!current) return;
      if (next.status !== 'signed-in') clearStoredKey();
      setState(next);
    });
    return () => {
      current = false;
    };
  }, [verify]);

  const signIn = useCallback(
    async (typed: string) => {
      const key = typed.trim();
      const shapeError = checkKeyShape(key);
      if (shapeError) return shapeError;
      const next = await verify(key);
      if (next.status !== 'signed-in') return next.status === 'signed-out' ? next.error : undefined;
      queryClient.clear();
      storeKey(key);
      setState(next);
      return undefined;
    },
    [verify, queryClient],
  );

  const signOut = useCallback(
    (reason?: string) => {
      clearStoredKey();
      queryClient.clear();
      setState({ status: 'signed-out', ...(reason ? { error: reason } : {}) });
    },
    [queryClient],
  );

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in key's identity and what it may do (only under RequireAuth). */
export function useIdentity(): { identity: Identity; permissions: Permissions } {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useIdentity outside a signed-in page');
  return { identity: state.identity, permissions: state.permissions };
}
