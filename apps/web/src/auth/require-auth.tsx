import type { ReactNode } from 'react';
import { useAuth } from './auth-context';
import { SignInPage } from './sign-in-page';

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
  if (state.status === 'signed-out') return <SignInPage />;
  return <>{children}</>;
}
