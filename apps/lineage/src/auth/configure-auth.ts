import type { FastifyInstance } from 'fastify';
import { LineageErrors } from '../lineage/lineage.errors';
import type { Principal, RegistryAuthenticator } from './registry-authenticator';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Probes need no key; everything else does. */
const PUBLIC = new Set(['/health', '/ready']);
/** Writing lineage needs more than reading it: admin, ci and team keys (jobs run as a team), not readers. */
const WRITES = new Set(['POST /api/v1/lineage']);

export interface LineageAuthOptions {
  /** False only when explicitly turned off for local development. */
  enabled: boolean;
  authenticator: RegistryAuthenticator;
}

export function configureAuth(fastify: FastifyInstance, options: LineageAuthOptions): void {
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (PUBLIC.has(path)) return;
    const principal: Principal = options.enabled
      ? await options.authenticator.authenticate(request.headers.authorization)
      : { keyId: 'anonymous', role: 'admin', team: null };
    request.principal = principal;
    if (WRITES.has(`${request.method} ${path}`) && principal.role === 'reader') {
      throw LineageErrors.forbidden(`key ${principal.keyId} (reader) may not write lineage`);
    }
  });
}
