import type { TieredCache } from '../cache/tiered-cache';
import type { RegistryRepository } from '../storage/registry.repository';

export interface ReadinessReport {
  status: 'ready' | 'unavailable' | 'stopping';
  database: 'up' | 'down';
  /** `memory` without REDIS_URL; `redis-down` still serves (from Postgres), so it does not fail readiness. */
  cache: 'redis' | 'redis-down' | 'memory';
}

/** Ready means: the database answers and the process is not shutting down. A down Redis only degrades. */
export class ReadinessService {
  private isStopping = false;

  constructor(
    private readonly repository: RegistryRepository,
    private readonly cache: TieredCache,
  ) {}

  markStopping(): void {
    this.isStopping = true;
  }

  async check(): Promise<ReadinessReport> {
    const database = await this.repository.ping().then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const cache = !this.cache.isRedisConfigured ? 'memory' : this.cache.isRedisUp ? 'redis' : 'redis-down';
    const status = this.isStopping ? 'stopping' : database === 'up' ? 'ready' : 'unavailable';
    return { status, database, cache };
  }
}
