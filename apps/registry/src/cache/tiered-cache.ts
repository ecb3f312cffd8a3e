import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { type CacheMetrics, NO_CACHE_METRICS } from './cache-metrics';
import type { CacheKind } from './cache-scope';
import { estimateBytes } from './estimate-bytes';

export interface CacheLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface RedisTier {
  /** Commands (enableOfflineQueue off and a short commandTimeout, so a dead Redis fails fast). */
  client: Redis;
  /** A second connection used only for the invalidation channel. */
  subscriber: Redis;
  /** Prefix of every key and of the channel name, e.g. `charter:registry:`. */
  prefix: string;
  ttlSeconds: Record<CacheKind, number>;
}

export interface TieredCacheOptions {
  maxEntries: number;
  /** The in-process tier's share of the memory budget: entries are weighed (estimated bytes) and evicted past it. */
  maxBytes?: number;
  redis?: RedisTier;
  metrics?: CacheMetrics;
  logger: CacheLogger;
}

/** Redis failures are logged at most once per this interval (with how many happened). */
const FAILURE_LOG_INTERVAL_MS = 10_000;

interface MemoryEntry {
  value: unknown;
  epoch: number;
  generation: number;
  /** Estimated bytes the entry holds (its value, and what is derived from it, e.g. a serialised body). */
  bytes: number;
}

/** How much memory a cached value holds; by default {@link estimateBytes}. */
export type SizeOf = (value: unknown) => number;

interface RedisEntry {
  /** The scope's Redis generation when the value was read from Postgres. */
  g: number;
  v: unknown;
}

interface Lookup<T> {
  hit: boolean;
  value: T | undefined;
  useMemory: boolean;
  /** Memory epoch and scope generation noted before the lookup: a value loaded after it is only kept if unchanged. */
  epoch: number;
  generation: number;
  /** The scope's Redis generation read with the lookup (undefined when Redis was not asked or failed). */
  redisGeneration: number | undefined;
}

interface InvalidationMessage {
  from: string;
  scopes: string[];
}

/**
 * A read-through cache in two tiers, in front of Postgres: an in-process LRU, then Redis shared by every replica.
 *
 * Correctness rests on generations, one per scope. A writer bumps the scope's generation after its transaction
 * commits (locally, in Redis with INCR, and on a pub/sub channel for the other replicas). A reader notes the
 * generation before it loads and its entry is only ever used while that generation is current, so a read that raced
 * a write can never be served after the write. When Redis is configured but the channel is down, other replicas'
 * writes cannot reach this one: the memory tier is bypassed until the channel is back, and then cleared.
 * Every Redis failure is counted and logged, and the read falls through to Postgres: the cache never fails a read.
 */
export class TieredCache {
  private readonly memory: LRUCache<string, MemoryEntry>;
  private readonly generations = new Map<string, number>();
  private epoch = 0;
  private readonly instanceId = randomUUID();
  private readonly metrics: CacheMetrics;
  private readonly redis: RedisTier | undefined;
  private readonly channel: string;
  private isChannelUp = false;
  private readonly pendingScopes = new Set<string>();
  private isClosed = false;
  private lastFailureLog = 0;
  private unloggedFailures = 0;

  constructor(private readonly options: TieredCacheOptions) {
    this.memory = new LRUCache({
      max: options.maxEntries,
      ...(options.maxBytes === undefined
        ? {}
        : { maxSize: options.maxBytes, sizeCalculation: (entry: MemoryEntry) => Math.max(1, entry.bytes) }),
    });
    this.metrics = options.metrics ?? NO_CACHE_METRICS;
    this.redis = options.redis;
    this.channel = `${options.redis?.prefix ?? ''}invalidate`;
    if (this.redis) this.watchRedis(this.redis);
  }

  /** Whether reads are shared through Redis right now (false without Redis or while it is unreachable). */
  get isRedisUp(): boolean {
    return this.redis !== undefined && this.redis.client.status === 'ready' && this.isChannelUp;
  }

  /** The Redis connection the shared tier uses (fail-fast options), for other small shared state; none without Redis. */
  get redisClient(): Redis | undefined {
    return this.redis?.client;
  }

  get isRedisConfigured(): boolean {
    return this.redis !== undefined;
  }

  /**
   * The value under `key` if the memory tier holds it and may serve it now, synchronously (per-request hot paths
   * such as authentication); undefined otherwise, and the caller reads through `read`.
   */
  peekMemory<T>(key: string, scope: string): T | undefined {
    if (this.redis !== undefined && !this.isChannelUp) return undefined;
    const entry = this.memory.get(key);
    if (!entry || entry.epoch !== this.epoch || entry.generation !== (this.generations.get(scope) ?? 0)) {
      return undefined;
    }
    this.metrics.hit('memory');
    return entry.value as T;
  }

  /** The value under `key` if memory or Redis holds it; never loads. */
  async peek<T>(key: string, scope: string): Promise<T | undefined> {
    const found = await this.lookup<T>(key, scope);
    return found.hit ? found.value : undefined;
  }

  /** The value under `key`, from memory, Redis, or `load` (whose result is cached unless undefined). */
  async read<T>(
    key: string,
    scope: string,
    kind: CacheKind,
    load: () => Promise<T | undefined>,
    sizeOf: SizeOf = estimateBytes,
  ): Promise<T | undefined> {
    const found = await this.lookup<T>(key, scope, sizeOf);
    if (found.hit) return found.value;
    this.metrics.miss();
    const value = await load();
    if (value === undefined) return value;
    if (found.useMemory) this.remember(key, scope, value, found.epoch, found.generation, sizeOf);
    if (this.redis && found.redisGeneration !== undefined) {
      const entry: RedisEntry = { g: found.redisGeneration, v: value };
      this.redis.client
        .set(this.dataKey(key), JSON.stringify(entry), 'EX', this.redis.ttlSeconds[kind])
        .catch((error: unknown) => this.redisFailed('write', error));
    }
    return value;
  }

  private async lookup<T>(key: string, scope: string, sizeOf: SizeOf = estimateBytes): Promise<Lookup<T>> {
    const useMemory = this.redis === undefined || this.isChannelUp;
    const epoch = this.epoch;
    const generation = this.generations.get(scope) ?? 0;
    if (useMemory) {
      const entry = this.memory.get(key);
      if (entry && entry.epoch === epoch && entry.generation === generation) {
        this.metrics.hit('memory');
        return { hit: true, value: entry.value as T, useMemory, epoch, generation, redisGeneration: undefined };
      }
    }
    let redisGeneration: number | undefined;
    if (this.redis && this.redis.client.status === 'ready') {
      try {
        const [storedGeneration, stored] = await this.redis.client.mget(this.generationKey(scope), this.dataKey(key));
        redisGeneration = storedGeneration ? Number(storedGeneration) : 0;
        if (stored) {
          const entry = JSON.parse(stored) as RedisEntry;
          if (entry.g === redisGeneration) {
            this.metrics.hit('redis');
            if (useMemory) this.remember(key, scope, entry.v, epoch, generation, sizeOf);
            return { hit: true, value: entry.v as T, useMemory, epoch, generation, redisGeneration };
          }
        }
      } catch (error) {
        redisGeneration = undefined;
        this.redisFailed('read', error);
      }
    }
    return { hit: false, value: undefined, useMemory, epoch, generation, redisGeneration };
  }

  /**
   * Makes every entry of `scopes` stale here and on every replica. Call after the write has committed. Never
   * throws: if Redis cannot take the bump it is retried when Redis is back.
   */
  async invalidate(scopes: readonly string[]): Promise<void> {
    if (scopes.length === 0) return;
    for (const scope of scopes) this.generations.set(scope, (this.generations.get(scope) ?? 0) + 1);
    if (this.generations.size > this.options.maxEntries) this.clearMemory();
    if (!this.redis) return;
    await this.publish(scopes);
  }

  /** Forgets everything held in memory (Redis entries stay; they carry their own generation). */
  clearMemory(): void {
    this.memory.clear();
    this.generations.clear();
    this.epoch++;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (!this.redis) return;
    await Promise.allSettled([closeRedis(this.redis.client), closeRedis(this.redis.subscriber)]);
  }

  private remember(
    key: string,
    scope: string,
    value: unknown,
    epoch: number,
    generation: number,
    sizeOf: SizeOf,
  ): void {
    // A write that landed while we were loading has moved the generation on: the value may be stale, drop it.
    if (epoch !== this.epoch || generation !== (this.generations.get(scope) ?? 0)) return;
    // An entry larger than the whole tier is not kept (lru-cache refuses it).
    this.memory.set(key, { value, epoch, generation, bytes: this.options.maxBytes === undefined ? 1 : sizeOf(value) });
  }

  /** Estimated bytes the in-process tier holds now. */
  get memoryBytes(): number {
    return this.memory.calculatedSize ?? 0;
  }

  private async publish(scopes: readonly string[]): Promise<void> {
    const redis = this.redis!;
    if (redis.client.status !== 'ready') {
      for (const scope of scopes) this.pendingScopes.add(scope);
      this.redisFailed('invalidate', new Error(`Redis is ${redis.client.status}`));
      return;
    }
    const message: InvalidationMessage = { from: this.instanceId, scopes: [...scopes] };
    const pipeline = redis.client.multi();
    for (const scope of scopes) pipeline.incr(this.generationKey(scope));
    pipeline.publish(this.channel, JSON.stringify(message));
    try {
      const results = await pipeline.exec();
      const failure = results?.find(([error]) => error !== null)?.[0];
      if (failure) throw failure;
    } catch (error) {
      for (const scope of scopes) this.pendingScopes.add(scope);
      this.redisFailed('invalidate', error);
    }
  }

  private watchRedis(redis: RedisTier): void {
    redis.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let message: InvalidationMessage;
      try {
        message = JSON.parse(text) as InvalidationMessage;
      } catch {
        return;
      }
      if (message.from === this.instanceId || !Array.isArray(message.scopes)) return;
      for (const scope of message.scopes) {
        if (typeof scope === 'string') this.generations.set(scope, (this.generations.get(scope) ?? 0) + 1);
      }
    });
    redis.subscriber.on('ready', () => {
      redis.subscriber.subscribe(this.channel).then(
        () => {
          // Messages sent while the channel was down are lost: nothing in memory can be trusted any more.
          this.clearMemory();
          this.isChannelUp = true;
          this.options.logger.info({ event: 'cache.channel.up' }, 'cache invalidation channel subscribed');
        },
        (error: unknown) => this.redisFailed('subscribe', error),
      );
    });
    redis.subscriber.on('close', () => {
      if (this.isChannelUp && !this.isClosed) {
        this.options.logger.warn({ event: 'cache.channel.down' }, 'cache invalidation channel lost; reading through');
      }
      this.isChannelUp = false;
    });
    redis.subscriber.on('error', () => undefined); // reported through 'close' and failed commands
    redis.client.on('error', () => undefined);
    redis.client.on('ready', () => {
      if (this.pendingScopes.size === 0) return;
      const scopes = [...this.pendingScopes];
      this.pendingScopes.clear();
      void this.publish(scopes);
    });
  }

  private redisFailed(operation: string, error: unknown): void {
    this.metrics.error(operation);
    this.unloggedFailures++;
    const now = Date.now();
    if (this.isClosed || now - this.lastFailureLog < FAILURE_LOG_INTERVAL_MS) return;
    // At most one line per interval: a dead Redis fails every read, and the counter has the full count.
    this.options.logger.warn(
      {
        event: 'cache.redis.error',
        operation,
        failures: this.unloggedFailures,
        error: error instanceof Error ? error.message : String(error),
      },
      'Redis cache operations failing; serving from Postgres',
    );
    this.lastFailureLog = now;
    this.unloggedFailures = 0;
  }

  private generationKey(scope: string): string {
    return `${this.redis!.prefix}gen:${scope}`;
  }

  private dataKey(key: string): string {
    return `${this.redis!.prefix}data:${key}`;
  }
}

/**
 * Closes a connection for good. QUIT only works on a connected client: with the offline queue off, ioredis refuses it
 * while the client is reconnecting, and its retry timer would go on reconnecting forever. `disconnect()` afterwards
 * cancels a pending reconnection (and is a no-op once QUIT has ended the connection).
 */
async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => undefined);
  client.disconnect();
}
