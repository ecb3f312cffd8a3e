import { getHeapStatistics } from 'node:v8';
import { nestService, runService } from '@charter/service-host';
import type { Logger } from 'pino';
import { loadRegistryConfig, type RegistryConfig } from './config/registry-config';
import { createRegistryApp } from './create-registry-app';

/** The registry as a process: config from the environment, database migrated, listening until SIGTERM/SIGINT. */
void runService({
  name: 'registry',
  loadConfig: () => loadRegistryConfig(process.env),
  beforeStart: warnIfHeapUnbounded,
  start: async (config, logger) => {
    const registry = await createRegistryApp(config, logger);
    return nestService(registry.app, registry.shutdown, { port: config.port, host: config.host }, () => ({
      database: registry.runtime.database.kind,
      dataDir: config.database.kind === 'embedded' ? config.database.dataDir : undefined,
      cache: config.redis ? 'redis' : 'memory',
    }));
  },
});

/** The caches keep to their shares of the budget; the heap itself is V8's to bound, from the command line. */
function warnIfHeapUnbounded(config: RegistryConfig, logger: Logger): void {
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  if (heapLimitMb > config.memory.heapMb * 1.5) {
    logger.warn(
      { event: 'memory.heap-unbounded', heapLimitMb, budgetMb: config.memory.budgetMb },
      `V8 may grow this process's heap to ${heapLimitMb} MB, past CHARTER_MEMORY_BUDGET_MB: start node with --max-old-space-size=${config.memory.heapMb} (npm start does)`,
    );
  }
}
