import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiClient, ApiError, ApiProvider } from './api';
import { AuthProvider, preloadSignIn, useAuth } from './auth';
import { readStoredKey } from './auth/key-storage';
import { AppRoutes, preloadRoute } from './routes';
import './styles/app.css';

const api = new ApiClient(readStoredKey);

/** A key refused mid-session (revoked, expired) ends the session: the sign-in page says why. */
let onKeyRefused: (() => void) | undefined;
const whenRefused = (error: unknown) => {
  if (error instanceof ApiError && error.service === 'registry' && error.isUnauthorized) onKeyRefused?.();
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: whenRefused }),
  mutationCache: new MutationCache({ onError: whenRefused }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refused key or a missing thing does not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      refetchOnWindowFocus: false,
    },
  },
});

function SessionGuard() {
  const { state, signOut } = useAuth();
  const signedIn = state.status === 'signed-in';
  useEffect(() => {
    if (!signedIn) return;
    onKeyRefused = () => signOut('The registry no longer accepts this key (revoked or expired). Sign in again.');
    return () => {
      onKeyRefused = undefined;
    };
  }, [signOut, signedIn]);
  return null;
}

// The first page's chunk and data load while the key is being checked, not after.
if (readStoredKey()) preloadRoute(window.location.pathname, { queryClient, api });
else preloadSignIn();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ApiProvider client={api}>
        <AuthProvider>
          <SessionGuard />
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </AuthProvider>
      </ApiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
