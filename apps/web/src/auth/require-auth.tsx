import { lazy, type ReactNode, Suspense } from 'react';
import { useAuth } from './auth-context';

// The sign-in form (and react-aria-components with it) is its own chunk: a signed-in user never loads it.
const loadSignIn = () => import('./sign-in-page').then((m) => ({ default: m.SignInPage }));
const SignInPage = lazy(loadSignIn);

/** Starts loading the sign-in form before the first render (no key kept: it is the first page). */
export function preloadSignIn(): void {
  void loadSignIn();
}

/** Nothing of a page renders until a key is verified: a refused key sees only the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  if (state.status === 'checking') {
    return (
      <main className="sign-in" aria-busy="true">
        <p>Checking your key…</p>
      </main>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Suspense fallback={<main className="sign-in" aria-busy="true" />}>
        <SignInPage />
      </Suspense>
    );
  }
  return <>{children}</>;
}
