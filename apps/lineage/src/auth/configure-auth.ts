import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { LineageErrors } from '../lineage/lineage.errors';
import type { Principal, RegistryAuthenticator } from './registry-authenticator';
import { isAllowed, type LineageAccess, routeAccess } from './route-access';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface LineageAuthOptions {
  /** False only when explicitly turned off for local development. */
  enabled: boolean;
  authenticator: RegistryAuthenticator;
}

/**
 * Authentication and authorization attached to each route as it is registered, from its entry in `ROUTE_ACCESS`:
 * the decision follows the route the router matched, so no spelling of a path can reach a route past its rule.
 */
export function configureAuth(fastify: FastifyInstance, options: LineageAuthOptions): { routes: string[] } {
  const routes: string[] = [];
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRoute', (route) => {
    // Fastify adds a HEAD route for every GET: it answers what the GET would, so it needs the same.
    const method = [route.method].flat()[0]!;
    if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    const access = routeAccess(method === 'HEAD' ? 'GET' : method, route.url);
    if (access === 'public') return;
    route.onRequest = [...[route.onRequest ?? []].flat(), authorizeHook(access, options)];
  });
  return { routes };
}

function authorizeHook(access: LineageAccess, options: LineageAuthOptions): onRequestHookHandler {
  return async (request) => {
    const principal: Principal = options.enabled
      ? await options.authenticator.authenticate(request.headers.authorization, request.ip)
      : { keyId: 'anonymous', role: 'admin', team: null };
    request.principal = principal;
    if (!isAllowed(principal.role, access)) {
      throw LineageErrors.forbidden(`key ${principal.keyId} (${principal.role}) may not call this route`);
    }
  };
}
