import { ServiceMetrics } from '@charter/service-host';
import { Counter } from 'prom-client';
import type { CacheMetrics } from '../cache/cache-metrics';
import type { CompatibilityMetrics } from '../registry/compatibility.service';

/** Everything the registry counts: the shell's process and HTTP metrics, and the cache and compatibility counters. */
export class RegistryMetrics extends ServiceMetrics implements CacheMetrics, CompatibilityMetrics {
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
    super('charter_registry_');
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
