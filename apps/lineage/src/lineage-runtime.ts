import { readFile } from 'node:fs/promises';
import { compileDatasetContracts } from '@charter/enforcement';
import { DEFAULT_SEVERITY_POLICY, readSeverityPolicy, type SeverityPolicy } from '@charter/lineage-core';
import { NotificationDispatcher } from '@charter/notify';
import { ServiceMetrics } from '@charter/service-host';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { RegistryAuthenticator } from './auth/registry-authenticator';
import { BreachService } from './breaches/breach.service';
import { BreachNotifier } from './breaches/breach-notifier';
import type { LineageConfig } from './config/lineage-config';
import { loadAssetCatalog } from './lineage/asset-catalog';
import { LineageService } from './lineage/lineage.service';
import { ContractBreachRepository } from './storage/contract-breach.repository';
import { LineageEventRepository } from './storage/lineage-event.repository';
import { type LineageDatabase, openLineageDatabase } from './storage/open-database';

export interface LineageRuntime {
  config: LineageConfig;
  database: LineageDatabase;
  metrics: ServiceMetrics;
  lineage: LineageService;
  breaches: BreachService;
  /** Delivers contract-breach notifications (BullMQ), when a routes file is configured; started with the app. */
  notifications: NotificationDispatcher | undefined;
  authenticator: RegistryAuthenticator;
  close(): Promise<void>;
}

/** Database migrated, asset catalog and policy read, graph rebuilt from the stored events. */
export async function createLineageRuntime(config: LineageConfig, logger: Logger): Promise<LineageRuntime> {
  const policy = await readPolicy(config.severityPolicyFile);
  const database = await openLineageDatabase(config.database, logger);
  const notifications = createNotifications(config, logger);
  try {
    const assets = await loadAssetCatalog(config.contractsDir);
    for (const problem of assets.problems) logger.warn({ event: 'lineage.assets.problem', problem }, 'asset catalog');
    const governed = compileDatasetContracts(assets.contracts);
    for (const { dataset, contract } of governed.undescribed) {
      logger.warn(
        { event: 'lineage.breaches.unchecked', contract, dataset },
        'a contract governs this dataset but names no schema object for it: its schema is not checked',
      );
    }
    const breaches = new BreachService(
      governed,
      new ContractBreachRepository(database.prisma),
      notifications && new BreachNotifier(notifications.dispatcher, notifications.routes, config.publicUrl, logger),
      logger,
    );
    const lineage = new LineageService(
      new LineageEventRepository(database.prisma),
      assets,
      policy,
      config.maxEventBytes,
      (event) => breaches.inspect(event),
    );
    const started = performance.now();
    const rebuilt = await lineage.rebuild();
    logger.info(
      {
        event: 'lineage.rebuilt',
        events: rebuilt.events,
        assets: assets.size,
        governedDatasets: governed.size,
        ms: Math.round(performance.now() - started),
      },
      'graph rebuilt from stored events',
    );
    const follower = config.followIntervalMs > 0 ? followReplicas(lineage, config.followIntervalMs, logger) : undefined;
    return {
      config,
      database,
      metrics: new ServiceMetrics('charter_lineage_'),
      lineage,
      breaches,
      notifications: notifications?.dispatcher,
      authenticator: new RegistryAuthenticator(config.auth.registryUrl, config.auth.cacheSeconds),
      close: async () => {
        await follower?.stop();
        await breaches.close();
        await notifications?.close();
        await database.close();
      },
    };
  } catch (error) {
    await notifications?.close();
    await database.close();
    throw error;
  }
}

/** Breach notifications go through BullMQ on Redis, on a connection of their own (BullMQ blocks on it). */
function createNotifications(config: LineageConfig, logger: Logger) {
  if (!config.notifications) return undefined;
  const { routes, maxAttempts, redis } = config.notifications;
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const dispatcher = new NotificationDispatcher({
    connection,
    endpoints: routes.endpoints,
    prefix: redis.prefix.replace(/:+$/, ''),
    queueName: 'charter-breach-notifications',
    attempts: maxAttempts,
    onError: (error) =>
      logger.warn({ event: 'notify.worker.error', error: error.message }, 'notification worker error'),
    // Names the endpoint, never its URL (Slack's URL is its secret).
    onFailed: (failure) =>
      logger.warn(
        { event: failure.deadLettered ? 'notify.dead-lettered' : 'notify.delivery.failed', ...failure },
        failure.deadLettered ? 'notification dead-lettered' : 'notification delivery failed; will retry',
      ),
  });
  return {
    dispatcher,
    routes,
    close: async () => {
      await dispatcher.close();
      connection.disconnect();
    },
  };
}

async function readPolicy(file: string | undefined): Promise<SeverityPolicy> {
  if (file === undefined) return DEFAULT_SEVERITY_POLICY;
  const { policy, problems } = readSeverityPolicy(parse(await readFile(file, 'utf8'), { maxAliasCount: 100 }));
  if (!policy) {
    throw new Error(`invalid severity policy ${file}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  }
  return policy;
}

/** Replicas share the log: each applies, every `intervalMs`, what the others stored (one look at a time). */
function followReplicas(lineage: LineageService, intervalMs: number, logger: Logger) {
  let looking: Promise<void> | undefined;
  const timer = setInterval(() => {
    looking ??= lineage
      .follow()
      .then(
        (applied) => {
          if (applied > 0) logger.debug({ event: 'lineage.followed', applied }, 'applied events other replicas stored');
        },
        (error: unknown) =>
          logger.warn({ event: 'lineage.follow.failed', error: (error as Error).message }, 'could not read the log'),
      )
      .finally(() => {
        looking = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await looking;
    },
  };
}
