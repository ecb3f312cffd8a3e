import type { TieredCache } from '../cache/tiered-cache';
import type { UnparseableSchema } from '../storage/fingerprint-store.repository';
import type { RegistryRepository } from '../storage/registry.repository';

export interface ReadinessReport {
  status: 'ready' | 'unavailable' | 'stopping';
  database: 'up' | 'down';
  /** `memory` without REDIS_URL; `redis-down` still serves (from Postgres), so it does not fail readiness. */
  cache: 'redis' | 'redis-down' | 'memory';
  /** What an operator should know that does not stop serving, e.g. stored schemas that do not parse. */
  warnings?: ReadinessWarning[];
}

/** Ids only: `/ready` answers without a key, so nothing taken from a schema's text is said here (the log has it). */
export interface ReadinessWarning {
  code: 'unparseable-schemas';
  message: string;
  schemaIds: number[];
}

/** Ready means: the database answers and the process is not shutting down. A down Redis only degrades. */
export class ReadinessService {
  private isStopping = false;

  private readonly warnings: ReadinessWarning[];

  constructor(
    private readonly repository: RegistryRepository,
    private readonly cache: TieredCache,
    unparseable: readonly UnparseableSchema[] = [],
  ) {
    this.warnings =
      unparseable.length === 0
        ? []
        : [
            {
              code: 'unparseable-schemas',
              message:
                'These stored schemas do not parse (e.g. written with normalize=true by a registry older than fingerprint version 2, which could drop nested type definitions). They are served as stored and never rewritten; register the original schema again to get a correct id. The registry log (event fingerprints.unparseable) says what is wrong with each.',
              schemaIds: unparseable.map((schema) => schema.id),
            },
          ];
  }

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
    return { status, database, cache, ...(this.warnings.length > 0 ? { warnings: this.warnings } : {}) };
  }
}
