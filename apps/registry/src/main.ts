import { getHeapStatistics } from 'node:v8';
import pino from 'pino';
import { loadRegistryConfig, RegistryConfigError } from './config/registry-config';
import { createRegistryApp } from './create-registry-app';

/** Starts the registry: config from the environment, database migrated, then listening until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadRegistryConfig>;
  try {
    config = loadRegistryConfig(process.env);
  } catch (error) {
    if (error instanceof RegistryConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  // Asynchronous writes (batched while one is in flight): a synchronous write per line costs throughput under load.
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = pino({ level: config.log.level, base: { service: 'charter-registry' } }, destination);
  // The caches keep to their shares of the budget; the heap itself is V8's to bound, from the command line.
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  if (heapLimitMb > config.memory.heapMb * 1.5) {
    logger.warn(
      { event: 'memory.heap-unbounded', heapLimitMb, budgetMb: config.memory.budgetMb },
      `V8 may grow this process's heap to ${heapLimitMb} MB, past CHARTER_MEMORY_BUDGET_MB: start node with --max-old-space-size=${config.memory.heapMb} (npm start does)`,
    );
  }
  const started = performance.now();
  const registry = await createRegistryApp(config, logger);
  await registry.app.listen({ port: config.port, host: config.host });
  const address = registry.app.getHttpServer().address();
  logger.info(
    {
      event: 'registry.started',
      address,
      database: registry.runtime.database.kind,
      dataDir: config.database.kind === 'embedded' ? config.database.dataDir : undefined,
      cache: config.redis ? 'redis' : 'memory',
      ms: Math.round(performance.now() - started),
    },
    'registry listening',
  );

  const shutdown = (signal: string) => {
    logger.info({ event: 'registry.stopping', signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ event: 'registry.shutdown.timeout' }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    registry.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Lines still buffered are written out before the process exits.
  process.once('exit', () => destination.flushSync());
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `registry failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
