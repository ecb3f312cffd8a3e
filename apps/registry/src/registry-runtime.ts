import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { TieredCache } from './cache/tiered-cache';
import type { RegistryConfig } from './config/registry-config';
import { RegistryMetrics } from './observability/registry-metrics';
import { CompatibilityService } from './registry/compatibility.service';
import { KeyedMutex } from './registry/keyed-mutex';
import { RegistrationService } from './registry/registration.service';
import { RegistryReader } from './registry/registry-reader';
import { SchemaPreparer } from './registry/schema-preparer';
import { SchemasService } from './registry/schemas.service';
import { SettingsService } from './registry/settings.service';
import { SubjectsService } from './registry/subjects.service';
import { type OpenDatabase, openDatabase } from './storage/open-database';
import { RegistrationRepository } from './storage/registration.repository';
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
  registration: RegistrationService;
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
  const repository = new RegistryRepository(database.prisma);
  const storeId = await repository.ensureStoreId().catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const metrics = new RegistryMetrics();
  const cache = new TieredCache({
    maxEntries: config.cache.maxEntries,
    metrics,
    logger,
    redis: config.redis && {
      client: new Redis(config.redis.url, REDIS_OPTIONS),
      subscriber: new Redis(config.redis.url, { ...REDIS_OPTIONS, autoResubscribe: false, commandTimeout: undefined }),
      // Keyed by the database's id too: a reset or different database never reads another's cached ids.
      prefix: `${config.redis.prefix}${storeId}:`,
      ttlSeconds: { immutable: config.cache.redisTtlSeconds, mutable: Math.min(300, config.cache.redisTtlSeconds) },
    },
  });
  const reader = new RegistryReader(repository, cache);
  const preparer = new SchemaPreparer(reader, {
    maxLength: config.limits.maxSchemaLength,
    maxDepth: config.limits.maxSchemaDepth,
  });
  const settings = new SettingsService(repository, reader, config.defaultCompatibility);
  const subjectLocks = new KeyedMutex();
  return {
    config,
    logger,
    database,
    cache,
    metrics,
    repository,
    schemas: new SchemasService(repository, reader),
    subjects: new SubjectsService(repository, reader, preparer, settings, subjectLocks),
    registration: new RegistrationService(
      new RegistrationRepository(database.prisma),
      reader,
      preparer,
      settings,
      subjectLocks,
      metrics,
    ),
    compatibility: new CompatibilityService(reader, preparer, settings, metrics),
    settings,
    close: async () => {
      await cache.close();
      await database.close();
    },
  };
}
