import type { DynamicModule, ExceptionFilter } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { LogConfig } from '../config/service-environment';
import { closeHttpServer } from '../lifecycle/close-http-server';
import { ShutdownPlan } from '../lifecycle/shutdown-plan';
import { registerOperationsRoutes } from '../operations/operations-routes';
import type { Readiness } from '../operations/readiness';
import type { ServiceMetrics } from '../operations/service-metrics';
import { createFastifyApp, type FastifyAppOptions } from './create-fastify-app';
import { installHttpObservability } from './http-observability';
import type { ServiceApp } from './service-app';

export interface ServiceAppOptions<Runtime extends { close(): Promise<void> }> {
  /** The app's Nest module (its controllers bound to the runtime's services). */
  module: DynamicModule;
  runtime: Runtime;
  logger: Logger;
  http: Omit<FastifyAppOptions, 'logger'>;
  metrics: ServiceMetrics;
  accessLog: LogConfig['access'];
  readiness: Readiness;
  /** Maps thrown errors to the app's wire format. */
  exceptionFilter: ExceptionFilter;
  /** The app's own hooks and raw routes: after request ids and metrics, before the probes and Nest's routes. */
  configure(fastify: FastifyInstance): void;
  /** Background work to stop once readiness says stopping and before HTTP closes (e.g. a Kafka consumer). */
  stopFirst?: Array<[name: string, stop: () => Promise<void> | void]>;
}

/**
 * Builds an app in the shell every Charter app shares, not yet listening: Fastify under Nest, request ids, metrics
 * and the access log on every route, the app's own hooks, `/health`, `/ready` and `/metrics`, its exception filter,
 * and a shutdown plan (readiness says stopping → `stopFirst` → HTTP drains → the runtime closes).
 */
export async function createServiceApp<Runtime extends { close(): Promise<void> }>(
  options: ServiceAppOptions<Runtime>,
): Promise<ServiceApp<Runtime>> {
  const { readiness, metrics } = options;
  const { app, fastify } = await createFastifyApp(options.module, { ...options.http, logger: options.logger });
  const { routes } = installHttpObservability(fastify, {
    metrics,
    logger: options.logger,
    accessLog: options.accessLog,
  });
  options.configure(fastify);
  registerOperationsRoutes(fastify, { readiness, metrics });
  app.useGlobalFilters(options.exceptionFilter);
  await app.init();
  const shutdown = new ShutdownPlan().add('readiness', () => readiness.markStopping());
  for (const [name, stop] of options.stopFirst ?? []) shutdown.add(name, stop);
  shutdown
    .add('http', () => closeHttpServer(app.getHttpServer(), () => app.close()))
    .add('runtime', () => options.runtime.close());
  return { app, runtime: options.runtime, readiness, routes, shutdown, close: () => shutdown.run() };
}
