/** What the cache counts; the metrics module implements it with Prometheus counters. */
export interface CacheMetrics {
  hit(tier: 'memory' | 'redis'): void;
  miss(): void;
  /** A Redis command that failed or timed out; the read fell through to Postgres. */
  error(operation: string): void;
}

export const NO_CACHE_METRICS: CacheMetrics = { hit: () => undefined, miss: () => undefined, error: () => undefined };
