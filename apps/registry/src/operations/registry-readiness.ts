import { Readiness } from '@charter/service-host';
import type { TieredCache } from '../cache/tiered-cache';
import type { UnparseableSchema } from '../storage/fingerprint-store.repository';
import type { RegistryRepository } from '../storage/registry.repository';

/**
 * Ready means: the database answers and the process is not shutting down. The cache is reported (`memory` without
 * REDIS_URL; `redis-down` still serves from Postgres) but never fails readiness.
 */
export function registryReadiness(
  repository: RegistryRepository,
  cache: TieredCache,
  unparseable: readonly UnparseableSchema[] = [],
): Readiness {
  const readiness = new Readiness([
    { name: 'database', critical: true, check: () => repository.ping().then(() => 'up') },
    {
      name: 'cache',
      critical: false,
      check: () => (!cache.isRedisConfigured ? 'memory' : cache.isRedisUp ? 'redis' : 'redis-down'),
    },
  ]);
  // Ids only: `/ready` answers without a key, so nothing taken from a schema's text is said here (the log has it).
  if (unparseable.length > 0) {
    readiness.warn({
      code: 'unparseable-schemas',
      message:
        'These stored schemas do not parse (e.g. written with normalize=true by a registry older than fingerprint version 2, which could drop nested type definitions). They are served as stored and never rewritten; register the original schema again to get a correct id. The registry log (event fingerprints.unparseable) says what is wrong with each.',
      schemaIds: unparseable.map((schema) => schema.id),
    });
  }
  return readiness;
}
