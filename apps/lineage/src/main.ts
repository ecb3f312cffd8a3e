import pino from 'pino';
import { LineageConfigError, loadLineageConfig } from './config/lineage-config';
import { createLineageApp } from './create-lineage-app';

/** Starts the lineage service: config from the environment, database migrated, graph rebuilt, then listening. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadLineageConfig>;
  try {
    config = loadLineageConfig(process.env);
  } catch (error) {
    if (error instanceof LineageConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = pino({ level: config.logLevel, base: { service: 'charter-lineage' } }, destination);
  const lineage = await createLineageApp(config, logger);
  await lineage.app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      event: 'lineage.started',
      address: lineage.app.getHttpServer().address(),
      database: lineage.runtime.database.kind,
    },
    'lineage listening',
  );
  const shutdown = (signal: string) => {
    logger.info({ event: 'lineage.stopping', signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
    timer.unref();
    lineage.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('exit', () => destination.flushSync());
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `lineage failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
