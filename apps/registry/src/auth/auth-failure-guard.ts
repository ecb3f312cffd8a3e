import { GovernanceErrors } from '../errors/governance.errors';
import type { AuditService } from '../governance/audit.service';

/** Counts events per key over fixed windows; shared by replicas when backed by Redis. */
export interface FailureCounter {
  /** Adds one to `key`'s count in the window that starts at `windowStart`, and returns the count. */
  increment(key: string, windowStart: number, windowMs: number): Promise<number>;
}

/** One process's counts (the fallback without Redis, and while Redis cannot answer). */
export class InMemoryFailureCounter implements FailureCounter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();

  async increment(key: string, windowStart: number): Promise<number> {
    const entry = this.counts.get(key);
    if (entry && entry.windowStart === windowStart) return ++entry.count;
    // Old windows are dropped as they are met; a bound keeps an attack with many keys from growing the map.
    if (this.counts.size >= 100_000) this.counts.clear();
    this.counts.set(key, { windowStart, count: 1 });
    return 1;
  }
}

/** The part of an ioredis MULTI this counter uses. */
export interface RedisTransaction {
  incr(key: string): RedisTransaction;
  pexpire(key: string, ms: number): RedisTransaction;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

/** Redis as a counter: `INCR` and an expiry at the window's end, so every replica sees one count. */
export class RedisFailureCounter implements FailureCounter {
  constructor(
    private readonly client: { multi(): RedisTransaction },
    private readonly prefix: string,
    private readonly fallback: FailureCounter = new InMemoryFailureCounter(),
  ) {}

  async increment(key: string, windowStart: number, windowMs: number): Promise<number> {
    const redisKey = `${this.prefix}authfail:${key}:${windowStart}`;
    try {
      const replies = await this.client.multi().incr(redisKey).pexpire(redisKey, windowMs).exec();
      const count = replies?.[0]?.[1];
      if (typeof count === 'number') return count;
    } catch {
      // Redis cannot count now: this process counts alone until it can.
    }
    return this.fallback.increment(key, windowStart, windowMs);
  }
}

export interface AuthFailureLimits {
  /** Failed authentications per key id per window before that key id's failures are answered 429. */
  perKeyId: number;
  /** Failed authentications per client address per window before the address is refused altogether. */
  perAddress: number;
  windowMs: number;
  /** Failures audited one row each per window (over all addresses); the rest are summed in one row. */
  auditedPerWindow: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = {
  perKeyId: 20,
  perAddress: 100,
  windowMs: 60_000,
  auditedPerWindow: 100,
};

export interface AuthFailure {
  /** The client's address (the proxy's client when the proxy is trusted). */
  address: string;
  /** The key id presented, when the credentials name one (it may not exist). */
  keyId: string | undefined;
  reason: string;
  requestId: string;
  /** What failed: an API key, or a signed callback's signature. */
  kind: 'key' | 'signature';
  /** The approval a failed callback named. */
  target?: string;
}

/**
 * Failed authentication, as an attacker would cause it: counted per key id and per client address (through Redis
 * when there is one, so replicas share the counts), answered 429 with Retry-After beyond the limits, and audited —
 * one row per failure up to a budget per window, then one summary row per window, so a flood cannot grow the audit
 * log without bound. An address over its limit is refused before its credentials are even read; a key id over its
 * limit only has its failures refused, so the real key keeps working while someone guesses at it.
 */
export class AuthFailureGuard {
  private readonly blockedAddresses = new Map<string, number>();
  private window = { start: 0, audited: 0, summarised: 0, byAddress: new Map<string, number>() };
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly counter: FailureCounter,
    private readonly audit: Pick<AuditService, 'recordUnauthenticated'>,
    private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may try again, or 0. Synchronous: it runs before every authentication. */
  retryAfter(address: string): number {
    const until = this.blockedAddresses.get(address);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / 1_000);
    this.blockedAddresses.delete(address);
    return 0;
  }

  /** The error to answer a request that failed authentication with (`refusal`, or a 429), counted and audited. */
  async fail(failure: AuthFailure, refusal: Error): Promise<Error> {
    const now = this.now();
    const windowStart = now - (now % this.limits.windowMs);
    const windowEnd = windowStart + this.limits.windowMs;
    const [byAddress, byKeyId] = await Promise.all([
      this.counter.increment(`address:${failure.address}`, windowStart, this.limits.windowMs),
      failure.keyId === undefined
        ? Promise.resolve(0)
        : this.counter.increment(`key:${failure.keyId}`, windowStart, this.limits.windowMs),
    ]);
    if (byAddress > this.limits.perAddress) {
      if (this.blockedAddresses.size >= 100_000) this.blockedAddresses.clear();
      this.blockedAddresses.set(failure.address, windowEnd);
    }
    await this.record(failure, windowStart);
    const throttled = byAddress > this.limits.perAddress || byKeyId > this.limits.perKeyId;
    return throttled ? GovernanceErrors.tooManyFailures(Math.max(1, Math.ceil((windowEnd - now) / 1_000))) : refusal;
  }

  /** Sums up each window as it ends (a flood's summary row is written even when the flood stops). */
  start(): void {
    this.timer ??= setInterval(() => {
      const now = this.now();
      if (now - this.window.start >= this.limits.windowMs) this.rollOver(now - (now % this.limits.windowMs));
    }, this.limits.windowMs);
    this.timer.unref();
  }

  /** Writes the summary of the window in progress (at shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.summarise();
  }

  private rollOver(windowStart: number): void {
    const ended = this.window;
    this.window = { start: windowStart, audited: 0, summarised: 0, byAddress: new Map() };
    this.flushing = this.flushing.then(() => this.summarise(ended));
  }

  private async record(failure: AuthFailure, windowStart: number): Promise<void> {
    if (windowStart !== this.window.start) this.rollOver(windowStart);
    if (this.window.audited < this.limits.auditedPerWindow) {
      this.window.audited++;
      await this.audit.recordUnauthenticated({
        action: failure.kind === 'key' ? 'auth.failed' : 'callback.signature.failed',
        targetType: failure.kind === 'key' ? 'key' : 'approval',
        target: failure.target ?? failure.keyId ?? '(none)',
        presentedKeyId: failure.keyId,
        address: failure.address,
        reason: failure.reason,
        requestId: failure.requestId,
      });
      return;
    }
    this.window.summarised++;
    const byAddress = this.window.byAddress;
    if (byAddress.has(failure.address) || byAddress.size < 20) {
      byAddress.set(failure.address, (byAddress.get(failure.address) ?? 0) + 1);
    }
  }

  private async summarise(window = this.window): Promise<void> {
    if (window.summarised === 0) return;
    const summarised = window.summarised;
    window.summarised = 0;
    await this.audit
      .recordUnauthenticated({
        action: 'auth.failed.summary',
        targetType: 'key',
        target: '(many)',
        presentedKeyId: undefined,
        address: [...window.byAddress.keys()].join(', ').slice(0, 500),
        reason: `${summarised} more failed authentications in the window from ${new Date(window.start).toISOString()}, beyond the ${this.limits.auditedPerWindow} audited one by one`,
        requestId: null,
        counts: Object.fromEntries(window.byAddress),
      })
      .catch(() => undefined);
  }
}
