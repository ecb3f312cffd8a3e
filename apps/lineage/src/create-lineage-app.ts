import {
  closeHttpServer,
  createFastifyApp,
  installHttpObservability,
  type Readiness,
  registerOperationsRoutes,
  ShutdownPlan,
} from '@charter/service-host';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { configureAuth } from './auth/configure-auth';
import type { LineageConfig } from './config/lineage-config';
import { LineageExceptionFilter } from './http/lineage-exception.filter';
import { KafkaEventConsumer } from './ingest/kafka-event-consumer';
import { lineageModule } from './lineage.module';
import { lineageReadiness } from './lineage-readiness';
import { createLineageRuntime, type LineageRuntime } from './lineage-runtime';

export interface LineageApp {
  app: NestFastifyApplication;
  runtime: LineageRuntime;
  readiness: Readiness;
  /** Every route served, as `METHOD /path/{param}`. */
  routes: readonly string[];
  /** The order `close` stops things in (named, so a shutdown deadline can say what it abandoned). */
  shutdown: ShutdownPlan;
  close(): Promise<void>;
}

/** Builds the lineage service (database migrated, graph rebuilt, routes registered) without listening. */
export async function createLineageApp(config: LineageConfig, logger: Logger): Promise<LineageApp> {
  const runtime = await createLineageRuntime(config, logger);
  let consumer: KafkaEventConsumer | undefined;
  try {
    const { app, fastify } = await createFastifyApp(lineageModule(runtime), {
      logger,
      // Room for the largest event the validator takes, plus JSON whitespace.
      bodyLimit: config.maxEventBytes * 2,
    });
    const http = installHttpObservability(fastify, { metrics: runtime.metrics, logger, accessLog: config.log.access });
    configureAuth(fastify, { enabled: config.auth.enabled, authenticator: runtime.authenticator });
    if (!config.auth.enabled) {
      logger.warn({ event: 'auth.disabled' }, 'authentication is OFF (CHARTER_AUTH=off): local development only');
    }
    consumer = config.kafka && new KafkaEventConsumer(config.kafka, runtime.lineage, logger);
    const readiness = lineageReadiness(runtime.database, {
      consumer,
      authenticator: config.auth.enabled ? runtime.authenticator : undefined,
    });
    registerOperationsRoutes(fastify, { readiness, metrics: runtime.metrics });
    app.useGlobalFilters(new LineageExceptionFilter(logger));
    await app.init();
    await consumer?.start();
    const shutdown = new ShutdownPlan()
      .add('readiness', () => readiness.markStopping())
      .add('kafka consumer', () => consumer?.stop())
      .add('http', () => closeHttpServer(app.getHttpServer(), () => app.close()))
      .add('runtime', () => runtime.close());
    return { app, runtime, readiness, routes: http.routes, shutdown, close: () => shutdown.run() };
  } catch (error) {
    await consumer?.stop();
    await runtime.close();
    throw error;
  }
}
