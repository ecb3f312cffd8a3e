import { UnauthenticatedError } from '@charter/errors';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { GovernanceErrors } from '../errors/governance.errors';
import type { ApiKeysService } from '../governance/api-keys.service';
import type { AuditEvent, AuditService } from '../governance/audit.service';
import type { OwnershipService } from '../governance/ownership.service';
import { type Access, decideAccess, routeAccess } from './access-policy';
import { presentedKeyId } from './api-key-credentials';
import type { AuthFailureGuard } from './auth-failure-guard';
import { type Actor, ANONYMOUS_ADMIN, type Principal, UNIDENTIFIED } from './principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The body as received, for routes that verify a signature over it. */
    rawBody?: string;
  }
}

export interface AuthOptions {
  /** False only when explicitly turned off for local development: every caller is then an anonymous admin. */
  enabled: boolean;
  keys: ApiKeysService;
  /** Counts failed authentications, answers 429 beyond the limits, and audits them. */
  failures: AuthFailureGuard;
  ownership: OwnershipService;
  audit: AuditService;
}

/**
 * Authentication and authorization for every route, decided once per route from its entry in `ROUTE_ACCESS`
 * (routes missing from it are admin-only). Runs before the body is read, so a refused caller costs no parsing.
 * A refused write is audited; the refusal is a 401/403 in Confluent's error shape.
 */
export function configureAuth(fastify: FastifyInstance, options: AuthOptions): void {
  // Declared up front so every request object keeps one shape (a property added later would deoptimise them).
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('rawBody', undefined);
  fastify.addHook('onRoute', (route) => {
    // Fastify adds a HEAD route for every GET: it answers what the GET would (status, length), so it needs the same.
    const method = [route.method].flat()[0]!;
    const access = routeAccess(method === 'HEAD' ? 'GET' : method, route.url);
    if (access === 'public' || access === 'signed') return;
    route.onRequest = [...[route.onRequest ?? []].flat(), authorizeHook(access, route.url, options)];
  });
}

const TARGET_TYPES: Record<string, AuditEvent['targetType']> = {
  subjects: 'subject',
  compatibility: 'subject',
  config: 'config',
  mode: 'mode',
  contracts: 'contract',
  keys: 'key',
  approvals: 'approval',
  ownership: 'ownership',
};

/**
 * Callback-style on purpose: every request passes here, and when the key is cached in process and the route only
 * reads, the whole check runs synchronously (no promise, no extra tick).
 */
function authorizeHook(access: Access, url: string, options: AuthOptions): onRequestHookHandler {
  return (request, _reply, done) => {
    // An address that failed too often is refused before its credentials are read (a map lookup, no I/O).
    const wait = options.enabled ? options.failures.retryAfter(request.ip) : 0;
    if (wait > 0) return done(GovernanceErrors.tooManyFailures(wait));
    const failed = (error: unknown) => {
      if (!(error instanceof UnauthenticatedError)) return done(error as Error);
      const failure = {
        address: request.ip,
        keyId: presentedKeyId(request.headers.authorization),
        reason: error.message,
        requestId: request.id,
        kind: 'key' as const,
      };
      options.failures.fail(failure, error).then(done, done);
    };
    let authenticated: Principal | Promise<Principal>;
    try {
      authenticated = options.enabled ? options.keys.authenticate(request.headers.authorization) : ANONYMOUS_ADMIN;
    } catch (error) {
      return failed(error);
    }
    const proceed = (principal: Principal) => {
      request.principal = principal;
      if (access === 'read' || principal.role === 'admin') return done();
      authorize(request, principal, access, url, options).then(() => done(), done);
    };
    if (authenticated instanceof Promise) authenticated.then(proceed, failed);
    else proceed(authenticated);
  };
}

async function authorize(
  request: FastifyRequest,
  principal: Principal,
  access: Access,
  url: string,
  options: AuthOptions,
): Promise<void> {
  const subject = (request.params as { subject?: string } | undefined)?.subject;
  const subjectOwner =
    access === 'subject-write' && principal.role === 'team' && subject !== undefined
      ? await options.ownership.ownerOf(subject)
      : undefined;
  const decision = decideAccess(principal, access, { subject, subjectOwner });
  if (decision.allowed) return;
  if (request.method !== 'GET') {
    await options.audit.record(actorOf(request), {
      action: `${request.method} ${url}`,
      targetType: TARGET_TYPES[url.split('/')[1] ?? ''] ?? 'subject',
      target: subject ?? (request.params as { id?: string } | undefined)?.id ?? url,
      outcome: 'denied',
      after: { reason: decision.reason },
    });
  }
  throw GovernanceErrors.forbidden(decision.reason);
}

/** The authenticated caller of a request (set by the route's auth hook) with the request id and promotion id. */
export function actorOf(request: FastifyRequest): Actor {
  const actor: Actor = { principal: request.principal ?? UNIDENTIFIED, requestId: request.id };
  if (request.promotionId !== undefined) actor.promotionId = request.promotionId;
  return actor;
}
