import { createHash } from 'node:crypto';
import { RateLimitedError, UnavailableError } from '@charter/errors';
import { LRUCache } from 'lru-cache';
import { LineageErrors } from '../lineage/lineage.errors';

/** Who a key is, as the registry (which issues keys) says: `admin`, `ci`, `reader` or `team:<name>`. */
export interface Principal {
  keyId: string;
  role: string;
  team: string | null;
}

/**
 * API keys are the registry's: this service asks it (`GET /whoami` with the caller's Authorization header) and keeps
 * the answer for a few seconds, keyed by a hash of the header (never the header itself). A revoked key therefore
 * stops working here within `cacheSeconds`. Refusals are not kept, so a new key works at once.
 */
export class RegistryAuthenticator {
  private readonly known: LRUCache<string, Principal>;

  constructor(
    private readonly registryUrl: string,
    cacheSeconds: number,
  ) {
    this.known = new LRUCache({ max: 10_000, ttl: Math.max(1, cacheSeconds) * 1_000 });
  }

  /**
   * `clientAddress` is forwarded (X-Forwarded-For) so the registry counts and throttles failed keys by the client,
   * not by this service (it trusts the header from the proxies it is told to; loopback by default).
   */
  async authenticate(authorization: string | undefined, clientAddress?: string): Promise<Principal> {
    if (authorization === undefined || authorization.trim() === '') {
      throw LineageErrors.unauthenticated('an API key is required (Basic or Bearer, issued by the registry)');
    }
    const id = createHash('sha256').update(authorization).digest('hex');
    const cached = this.known.get(id);
    if (cached) return cached;
    let response: Response;
    try {
      response = await fetch(`${this.registryUrl}/whoami`, {
        headers: {
          authorization,
          accept: 'application/json',
          ...(clientAddress ? { 'x-forwarded-for': clientAddress } : {}),
        },
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new UnavailableError('key-service-unavailable', 'The registry cannot verify API keys now; retry', {
        cause: error,
      });
    }
    if (response.status === 401) {
      await response.arrayBuffer().catch(() => undefined);
      throw LineageErrors.unauthenticated('invalid API key');
    }
    if (response.status === 429) {
      await response.arrayBuffer().catch(() => undefined);
      const wait = Number(response.headers.get('retry-after') ?? '1');
      throw new RateLimitedError(
        'too-many-failed-authentications',
        'Too many failed authentications; retry later',
        wait > 0 ? wait : 1,
      );
    }
    if (!response.ok) {
      await response.arrayBuffer().catch(() => undefined);
      throw new UnavailableError('key-service-unavailable', `The registry answered ${response.status} verifying a key`);
    }
    const principal = (await response.json()) as Principal;
    this.known.set(id, principal);
    return principal;
  }

  /** Whether the registry answers its health probe (readiness reports it; cached keys keep working without it). */
  async reachable(): Promise<'up' | 'down'> {
    try {
      const response = await fetch(`${this.registryUrl}/health`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return response.ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
