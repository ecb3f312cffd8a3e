import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error';
import type { LogConfig } from '../config/service-environment';
import { createServiceLogger } from '../logging/create-logger';
import { openConnections } from './close-http-server';
import type { ShutdownPlan } from './shutdown-plan';

/** Exit status for a configuration error (sysexits' EX_CONFIG): a supervisor should not restart in a loop. */
export const EXIT_CONFIG = 78;

/** What a service's `start` hands back: something listening-ready, and how to close it. */
export interface StartedService {
  /** Listens on the configured address; resolves to the bound address. */
  listen(): Promise<AddressInfo | string | null>;
  server: Server;
  /** The steps `close` runs, so a shutdown deadline can say which were abandoned. */
  shutdown: ShutdownPlan;
  /** Fields for the `started` log line (database kind, cache, …). */
  describe?(): Record<string, unknown>;
}

export interface ServiceDefinition<Config extends ServiceBaseConfig> {
  /** `registry`, `lineage`, …: the log's `service` is `charter-<name>`. */
  name: string;
  /** Reads the configuration (throws ConfigError listing every bad variable). */
  loadConfig(): Config;
  /** Builds the service (database migrated, routes registered) without listening. */
  start(config: Config, logger: Logger): Promise<StartedService>;
  /** Runs before start with the logger (e.g. warnings about the process's own settings). */
  beforeStart?(config: Config, logger: Logger): void;
}

export interface ServiceBaseConfig {
  log: Pick<LogConfig, 'level' | 'format'>;
  shutdownTimeoutMs: number;
}

export interface ServiceProcess {
  exit(code: number): never;
  once(event: 'SIGTERM' | 'SIGINT' | 'exit', listener: () => void): unknown;
  stderr: { write(text: string): unknown };
}

/**
 * Runs an app as a process: bad configuration → every problem on stderr and exit 78; otherwise build, listen and log
 * where; on SIGTERM/SIGINT close gracefully (in-flight requests finish, idle keep-alive connections close, background
 * work stops, connections close) within the shutdown deadline, which, when it passes, logs what was abandoned and
 * exits 1. Buffered log lines are written out before every exit.
 */
export async function runService<Config extends ServiceBaseConfig>(
  definition: ServiceDefinition<Config>,
  host: ServiceProcess = process,
): Promise<void> {
  let config: Config;
  try {
    config = definition.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      host.stderr.write(`${error.message}\n`);
      return host.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const { logger, flush } = createServiceLogger(`charter-${definition.name}`, config.log);
  host.once('exit', flush);
  definition.beforeStart?.(config, logger);
  const started = performance.now();
  let service: StartedService;
  try {
    service = await definition.start(config, logger);
  } catch (error) {
    logger.fatal({ event: `${definition.name}.start.failed`, err: error }, `${definition.name} failed to start`);
    flush();
    return host.exit(1);
  }
  const address = await service.listen();
  logger.info(
    {
      event: `${definition.name}.started`,
      address,
      ...service.describe?.(),
      ms: Math.round(performance.now() - started),
    },
    `${definition.name} listening on ${describeAddress(address)}`,
  );

  const shutdown = (signal: string) => {
    logger.info({ event: `${definition.name}.stopping`, signal }, 'shutting down');
    // Not unref'd: a step stuck on nothing (an empty event loop) must still end in this log line and exit 1.
    setTimeout(async () => {
      logger.error(
        {
          event: `${definition.name}.shutdown.abandoned`,
          timeoutMs: config.shutdownTimeoutMs,
          pending: service.shutdown.pending,
          openConnections: await openConnections(service.server),
        },
        `shutdown took longer than ${config.shutdownTimeoutMs} ms; abandoned: ${service.shutdown.pending.join(', ')}`,
      );
      flush();
      host.exit(1);
    }, config.shutdownTimeoutMs);
    service.shutdown.run().then(
      () => {
        logger.info({ event: `${definition.name}.stopped` }, 'stopped');
        flush();
        host.exit(0);
      },
      (error: unknown) => {
        logger.error({ event: `${definition.name}.shutdown.failed`, err: error }, 'shutdown failed');
        flush();
        host.exit(1);
      },
    );
  };
  host.once('SIGTERM', () => shutdown('SIGTERM'));
  host.once('SIGINT', () => shutdown('SIGINT'));
}

function describeAddress(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** A Nest application as runService takes it: listening on `address`, closed by `shutdown`. */
export function nestService(
  app: { listen(options: { port: number; host: string }): Promise<unknown>; getHttpServer(): Server },
  shutdown: ShutdownPlan,
  address: { port: number; host: string },
  describe?: () => Record<string, unknown>,
): StartedService {
  const server = app.getHttpServer();
  return {
    server,
    shutdown,
    describe,
    listen: async () => {
      await app.listen(address);
      return server.address();
    },
  };
}
