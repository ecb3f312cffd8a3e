import { readFile } from 'node:fs/promises';
import { DEFAULT_SEVERITY_POLICY, readSeverityPolicy, type SeverityPolicy } from '@charter/lineage-core';
import { ServiceMetrics } from '@charter/service-host';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { RegistryAuthenticator } from './auth/registry-authenticator';
import type { LineageConfig } from './config/lineage-config';
import { loadAssetCatalog } from './lineage/asset-catalog';
import { LineageService } from './lineage/lineage.service';
import { LineageEventRepository } from './storage/lineage-event.repository';
import { type LineageDatabase, openLineageDatabase } from './storage/open-database';

export interface LineageRuntime {
  config: LineageConfig;
  database: LineageDatabase;
  metrics: ServiceMetrics;
  lineage: LineageService;
  authenticator: RegistryAuthenticator;
  close(): Promise<void>;
}

/** Database migrated, asset catalog and policy read, graph rebuilt from the stored events. */
export async function createLineageRuntime(config: LineageConfig, logger: Logger): Promise<LineageRuntime> {
  const policy = await readPolicy(config.severityPolicyFile);
  const database = await openLineageDatabase(config.database, logger);
  try {
    const assets = await loadAssetCatalog(config.contractsDir);
    for (const problem of assets.problems) logger.warn({ event: 'lineage.assets.problem', problem }, 'asset catalog');
    const lineage = new LineageService(
      new LineageEventRepository(database.prisma),
      assets,
      policy,
      config.maxEventBytes,
    );
    const started = performance.now();
    const rebuilt = await lineage.rebuild();
    logger.info(
      {
        event: 'lineage.rebuilt',
        events: rebuilt.events,
        assets: assets.size,
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
      authenticator: new RegistryAuthenticator(config.auth.registryUrl, config.auth.cacheSeconds),
      close: async () => {
        await follower?.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
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
