export { AuthProvider, type AuthState, useAuth, useIdentity } from './auth-context';
export { checkKeyShape, type Identity, type Permissions, permissionsOf, roleOf } from './identity';
export { preloadSignIn, RequireAuth } from './require-auth';
