import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { CacheMetrics } from '../cache/cache-metrics';
import type { CompatibilityMetrics } from '../registry/compatibility.service';

/** Everything the registry counts, on its own Prometheus registry (served at GET /metrics). */
export class RegistryMetrics implements CacheMetrics, CompatibilityMetrics {
  readonly registry = new Registry();
  private readonly durations = new Histogram({
    name: 'charter_registry_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status (its _count is the request count)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly cacheHits = new Counter({
    name: 'charter_registry_cache_hits_total',
    help: 'Cache reads answered from a tier (memory = in-process LRU, redis = shared)',
    labelNames: ['tier'] as const,
    registers: [this.registry],
  });
  private readonly cacheMisses = new Counter({
    name: 'charter_registry_cache_misses_total',
    help: 'Cache reads that went to Postgres',
    registers: [this.registry],
  });
  private readonly cacheErrors = new Counter({
    name: 'charter_registry_cache_errors_total',
    help: 'Redis operations that failed or timed out (the request was served from Postgres)',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  private readonly compatibilityChecks = new Counter({
    name: 'charter_registry_compatibility_checks_total',
    help: 'Compatibility checks, by what ran them (register, test) and result (compatible, incompatible, invalid)',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });
  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'charter_registry_' });
  }

  /** Label sets repeat (method × route × status): their children are looked up once, not hashed per request. */
  private readonly requestSeries = new Map<string, { observe(value: number): void }>();

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      const labels = { method, route, status: String(status) };
      series = this.durations.labels(labels);
      this.requestSeries.set(key, series);
    }
    series.observe(seconds);
  }

  hit(tier: 'memory' | 'redis'): void {
    this.cacheHits.inc({ tier });
  }

  miss(): void {
    this.cacheMisses.inc();
  }

  error(operation: string): void {
    this.cacheErrors.inc({ operation });
  }

  checked(source: 'register' | 'test', result: 'compatible' | 'incompatible' | 'invalid'): void {
    this.compatibilityChecks.inc({ source, result });
  }
}
