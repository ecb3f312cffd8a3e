import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogConfig } from '../config/service-environment';

export interface ServiceLogger {
  logger: Logger;
  /** Writes out what is still buffered; call before the process exits. */
  flush(): void;
}

/**
 * The service's logger: JSON lines written asynchronously (a synchronous write per line costs throughput under
 * load), or, for a person at a terminal, one readable line per entry written as it comes.
 */
export function createServiceLogger(service: string, config: Pick<LogConfig, 'level' | 'format'>): ServiceLogger {
  const options = { level: config.level, base: { service } };
  if (config.format === 'pretty') {
    const stream = pretty({
      destination: 1,
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service,event',
      messageFormat: '{service}: {msg}',
    });
    return { logger: pino(options, stream), flush: () => undefined };
  }
  const destination = pino.destination({ dest: 1, sync: false });
  return { logger: pino(options, destination), flush: () => destination.flushSync() };
}
