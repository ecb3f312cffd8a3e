import { NotificationDispatcher } from '@charter/notify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  AuthFailureGuard,
  DEFAULT_AUTH_FAILURE_LIMITS,
  InMemoryFailureCounter,
  RedisFailureCounter,
} from './auth/auth-failure-guard';
import { TieredCache } from './cache/tiered-cache';
import type { RegistryConfig } from './config/registry-config';
import { ApiKeysService } from './governance/api-keys.service';
import { ApprovalDispatcher } from './governance/approval-dispatcher';
import { ApprovalsService } from './governance/approvals.service';
import { AuditService } from './governance/audit.service';
import { CheckNotifier } from './governance/check-notifier';
import { CheckRunsService } from './governance/check-runs.service';
import { ContractsService } from './governance/contracts.service';
import { DriftEventsService } from './governance/drift-events.service';
import { ImpactNotifier } from './governance/impact-notifier';
import { IncidentsService } from './governance/incidents.service';
import { LineageCheck } from './governance/lineage-check';
import { HttpLineageGate } from './governance/lineage-gate';
import { OwnershipService } from './governance/ownership.service';
import { RegistryMetrics } from './observability/registry-metrics';
import { CompatibilityService } from './registry/compatibility.service';
import { KeyedMutex } from './registry/keyed-mutex';
import { type FingerprintMigrationReport, migrateFingerprints } from './registry/migrate-fingerprints';
import { RegistrationService } from './registry/registration.service';
import { RegistryReader } from './registry/registry-reader';
import { SchemaPreparer } from './registry/schema-preparer';
import {
  InlineSchemaVerifier,
  type SchemaVerifier,
  verifySchemaTaskFile,
  WorkerSchemaVerifier,
} from './registry/schema-verifier';
import { SchemasService } from './registry/schemas.service';
import { SettingsService } from './registry/settings.service';
import { SubjectCatalogService } from './registry/subject-catalog.service';
import { SubjectsService } from './registry/subjects.service';
import { ApiKeyRepository } from './storage/api-key.repository';
import { ApprovalRepository } from './storage/approval.repository';
import { AuditRepository } from './storage/audit.repository';
import { CheckRunRepository } from './storage/check-run.repository';
import { ContractRepository } from './storage/contract.repository';
import { DriftEventRepository } from './storage/drift-event.repository';
import { FingerprintStoreRepository } from './storage/fingerprint-store.repository';
import { IncidentRepository } from './storage/incident.repository';
import { openRegistryDatabase, type RegistryDatabase } from './storage/open-database';
import { OwnershipRepository } from './storage/ownership.repository';
import { RegistrationRepository } from './storage/registration.repository';
import { RegistryRepository } from './storage/registry.repository';

/** Everything a running registry holds, wired together; the HTTP layer only calls into the services. */
export interface RegistryRuntime {
  config: RegistryConfig;
  logger: Logger;
  database: RegistryDatabase;
  /** The database's random id: it tells this store's ids apart from another's (cache keys, ETags). */
  storeId: string;
  /** What this start found of stored fingerprints (recomputed when the engine's version moved). */
  fingerprints: FingerprintMigrationReport;
  cache: TieredCache;
  metrics: RegistryMetrics;
  repository: RegistryRepository;
  schemas: SchemasService;
  subjects: SubjectsService;
  /** The console's reads: subject summaries and version diffs. */
  catalog: SubjectCatalogService;
  registration: RegistrationService;
  compatibility: CompatibilityService;
  settings: SettingsService;
  keys: ApiKeysService;
  audit: AuditService;
  ownership: OwnershipService;
  contracts: ContractsService;
  approvals: ApprovalsService;
  /** Check runs (POST /checks) and drift events (POST /drift-events), kept per contract. */
  checks: CheckRunsService;
  driftEvents: DriftEventsService;
  /** Incidents opened by runbook runs, with their timelines (issue #17). */
  incidents: IncidentsService;
  /** Verifies large schemas (the runtime libraries' checks) on worker threads, or inline. */
  schemaVerifier: SchemaVerifier;
  /** Failed authentications: counted, throttled (429) and audited within a budget. */
  authFailures: AuthFailureGuard;
  /** Expires approvals and delivers their webhooks; started by `start`. */
  dispatcher: ApprovalDispatcher;
  /** Delivers impact, failed-check and drift notifications (BullMQ) when a routes file is configured (`start`). */
  notifications: NotificationDispatcher | undefined;
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
  const database = await openRegistryDatabase(config.database, logger);
  if (database.appliedMigrations.length > 0) {
    logger.info({ event: 'db.migrated', migrations: database.appliedMigrations }, 'database migrations applied');
  }
  const repository = new RegistryRepository(database.prisma);
  const limits = {
    maxLength: config.limits.maxSchemaLength,
    maxDepth: config.limits.maxSchemaDepth,
    maxFields: config.limits.maxFields,
    maxEnumSymbols: config.limits.maxEnumSymbols,
    maxUnionBranches: config.limits.maxUnionBranches,
    maxProperties: config.limits.maxProperties,
  };
  // Fingerprints first: a migration that changes them also changes the store id the cache is keyed by.
  const started = await (async () => {
    const fingerprints = await migrateFingerprints(new FingerprintStoreRepository(database.prisma), limits, logger);
    return { fingerprints, storeId: await repository.ensureStoreId() };
  })().catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const { fingerprints, storeId } = started;
  const metrics = new RegistryMetrics();
  const cache = new TieredCache({
    maxEntries: config.cache.maxEntries,
    maxBytes: config.memory.cacheBytes,
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
  const verifier = createSchemaVerifier(config, limits, logger);
  const preparer = new SchemaPreparer(reader, limits, {
    verifier,
    maxReferences: config.limits.maxReferences,
    maxParsedBytes: config.memory.parsedBytes,
  });
  const audit = new AuditService(new AuditRepository(database.prisma));
  const subjectLocks = new KeyedMutex();
  const keys = new ApiKeysService(new ApiKeyRepository(database.prisma), cache);
  const ownership = new OwnershipService(new OwnershipRepository(database.prisma), cache);
  const contracts = new ContractsService(new ContractRepository(database.prisma), reader, cache, ownership, audit);
  const settings = new SettingsService(repository, reader, config.defaultCompatibility, contracts);
  const redisClient = cache.redisClient;
  const authFailures = new AuthFailureGuard(
    redisClient
      ? new RedisFailureCounter(redisClient, `${config.redis!.prefix}${storeId}:`)
      : new InMemoryFailureCounter(),
    audit,
    {
      ...DEFAULT_AUTH_FAILURE_LIMITS,
      perKeyId: config.auth.failuresPerKeyId,
      perAddress: config.auth.failuresPerAddress,
      windowMs: config.auth.failureWindowMs,
    },
  );
  const approvalRepository = new ApprovalRepository(database.prisma);
  const approvals = new ApprovalsService(approvalRepository, preparer, settings, contracts, ownership, audit, {
    defaultTtlMinutes: config.approvals.defaultTtlMinutes,
    maxTtlMinutes: config.approvals.maxTtlMinutes,
    webhookSecret: config.approvals.webhookSecret,
    signatureToleranceSeconds: config.approvals.signatureToleranceSeconds,
    failures: authFailures,
  });
  const dispatcher = new ApprovalDispatcher(
    approvals,
    approvalRepository,
    {
      webhookUrl: config.approvals.webhookUrl,
      webhookSecret: config.approvals.webhookSecret,
      intervalMs: config.approvals.sweepIntervalMs,
      maxAttempts: config.approvals.webhookMaxAttempts,
      requestTimeoutMs: 5_000,
    },
    logger,
  );
  const lineage = new LineageCheck(
    config.lineage.url === undefined ? undefined : new HttpLineageGate(config.lineage.url, config.lineage.timeoutMs),
    reader,
    preparer,
    config.lineage.failurePolicy,
  );
  const notifications = createNotifications(config, logger);
  const notifier = new ImpactNotifier(
    notifications?.dispatcher,
    config.notifications?.routes,
    ownership,
    config.publicUrl,
    logger,
  );
  const governance = { contracts, approvals, audit, lineage, notifier };
  const checkNotifier = new CheckNotifier(
    notifications?.dispatcher,
    config.notifications?.routes,
    config.publicUrl,
    logger,
  );
  return {
    config,
    logger,
    database,
    storeId,
    fingerprints,
    cache,
    metrics,
    repository,
    schemas: new SchemasService(repository, reader),
    subjects: new SubjectsService(repository, reader, preparer, settings, subjectLocks),
    catalog: new SubjectCatalogService(repository, reader, preparer, settings, contracts, ownership),
    registration: new RegistrationService(
      new RegistrationRepository(database.prisma),
      reader,
      preparer,
      settings,
      subjectLocks,
      metrics,
      governance,
    ),
    compatibility: new CompatibilityService(reader, preparer, settings, metrics, { contracts, approvals, lineage }),
    settings,
    keys,
    audit,
    ownership,
    contracts,
    approvals,
    checks: new CheckRunsService(new CheckRunRepository(database.prisma), contracts, audit, checkNotifier),
    driftEvents: new DriftEventsService(new DriftEventRepository(database.prisma), contracts, audit, checkNotifier),
    incidents: new IncidentsService(new IncidentRepository(database.prisma), ownership, audit),
    schemaVerifier: verifier,
    authFailures,
    dispatcher,
    notifications: notifications?.dispatcher,
    close: async () => {
      await verifier.close();
      await authFailures.close();
      await dispatcher.stop();
      await notifications?.dispatcher.close();
      notifications?.connection.disconnect();
      await cache.close();
      await database.close();
    },
  };
}

/** Large schemas are verified on worker threads when the schema engine's compiled task is there (it is after a build). */
function createSchemaVerifier(
  config: RegistryConfig,
  limits: ConstructorParameters<typeof InlineSchemaVerifier>[0],
  logger: Logger,
): SchemaVerifier {
  if (config.schemaWorkers.threads === 0) return new InlineSchemaVerifier(limits);
  const taskFile = verifySchemaTaskFile();
  if (!taskFile) {
    logger.warn(
      { event: 'schema-workers.unavailable' },
      '@charter/schema is not built: large schemas are verified on the event loop',
    );
    return new InlineSchemaVerifier(limits);
  }
  return new WorkerSchemaVerifier(limits, {
    ...config.schemaWorkers,
    taskFile,
    heapMb: config.memory.workerHeapMb,
  });
}

/**
 * Notifications (impact, failed checks, drift) go through BullMQ on the registry's Redis, on their own connection
 * (BullMQ blocks on it).
 */
function createNotifications(config: RegistryConfig, logger: Logger) {
  if (!config.notifications || !config.redis) return undefined;
  const connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const dispatcher = new NotificationDispatcher({
    connection,
    endpoints: config.notifications.routes.endpoints,
    prefix: config.redis.prefix.replace(/:+$/, ''),
    attempts: config.notifications.maxAttempts,
    onError: (error) =>
      logger.warn({ event: 'notify.worker.error', error: error.message }, 'notification worker error'),
    // Names the endpoint, never its URL (Slack's URL is its secret).
    onFailed: (failure) =>
      logger.warn(
        { event: failure.deadLettered ? 'notify.dead-lettered' : 'notify.delivery.failed', ...failure },
        failure.deadLettered ? 'notification dead-lettered' : 'notification delivery failed; will retry',
      ),
  });
  return { dispatcher, connection };
}
