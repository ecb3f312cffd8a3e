import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { TieredCache } from './cache/tiered-cache';
import type { RegistryConfig } from './config/registry-config';
import { RegistryMetrics } from './observability/registry-metrics';
import { CompatibilityService } from './registry/compatibility.service';
import { KeyedMutex } from './registry/keyed-mutex';
import { RegistryReader } from './registry/registry-reader';
import { SchemaPreparer } from './registry/schema-preparer';
import { SchemasService } from './registry/schemas.service';
import { SettingsService } from './registry/settings.service';
import { SubjectsService } from './registry/subjects.service';
import { type OpenDatabase, openDatabase } from './storage/open-database';
import { RegistryRepository } from './storage/registry.repository';

/** Everything a running registry holds, wired together; the HTTP layer only calls into the services. */
export interface RegistryRuntime {
  config: RegistryConfig;
  logger: Logger;
  database: OpenDatabase;
  cache: TieredCache;
  metrics: RegistryMetrics;
  repository: RegistryRepository;
  schemas: SchemasService;
  subjects: SubjectsService;
  compatibility: CompatibilityService;
  settings: SettingsService;
  close(): Promise<void>;
}

/** Redis fails fast when it is down (no offline queue, short timeouts), so a dead cache never slows a read much. */
const REDIS_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 250,
  connectTimeout: 2_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
} as const;

export async function createRegistryRuntime(config: RegistryConfig, logger: Logger): Promise<RegistryRuntime> {
  const database = await openDatabase(config.database, logger);
  if (database.appliedMigrations.length > 0) {
    logger.info({ event: 'db.migrated', migrations: database.appliedMigrations }, 'database migrations applied');
  }
  const metrics = new RegistryMetrics();
  const cache = new TieredCache({
    maxEntries: config.cache.maxEntries,
    metrics,
    logger,
    redis: config.redis && {
      client: new Redis(config.redis.url, REDIS_OPTIONS),
      subscriber: new Redis(config.redis.url, { ...REDIS_OPTIONS, autoResubscribe: false, commandTimeout: undefined }),
      prefix: config.redis.prefix,
      ttlSeconds: { immutable: config.cache.redisTtlSeconds, mutable: Math.min(300, config.cache.redisTtlSeconds) },
    },
  });
  const repository = new RegistryRepository(database.prisma);
  const reader = new RegistryReader(repository, cache);
  const preparer = new SchemaPreparer(reader, {
    maxLength: config.limits.maxSchemaLength,
    maxDepth: config.limits.maxSchemaDepth,
  });
  const settings = new SettingsService(repository, reader, config.defaultCompatibility);
  return {
    config,
    logger,
    database,
    cache,
    metrics,
    repository,
    schemas: new SchemasService(repository, reader),
    subjects: new SubjectsService(repository, reader, preparer, settings, new KeyedMutex(), metrics),
    compatibility: new CompatibilityService(reader, preparer, settings, metrics),
    settings,
    close: async () => {
      await cache.close();
      await database.close();
    },
  };
}
