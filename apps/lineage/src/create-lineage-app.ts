import { createServiceApp, type ServiceApp } from '@charter/service-host';
import type { Logger } from 'pino';
import { configureAuth } from './auth/configure-auth';
import type { LineageConfig } from './config/lineage-config';
import { LineageExceptionFilter } from './http/lineage-exception.filter';
import { KafkaEventConsumer } from './ingest/kafka-event-consumer';
import { lineageModule } from './lineage.module';
import { lineageReadiness } from './lineage-readiness';
import { createLineageRuntime, type LineageRuntime } from './lineage-runtime';

export type LineageApp = ServiceApp<LineageRuntime>;

/** Builds the lineage service (database migrated, graph rebuilt, routes registered, consuming) without listening. */
export async function createLineageApp(config: LineageConfig, logger: Logger): Promise<LineageApp> {
  const runtime = await createLineageRuntime(config, logger);
  const consumer = config.kafka && new KafkaEventConsumer(config.kafka, runtime.lineage, logger);
  try {
    if (!config.auth.enabled) {
      logger.warn({ event: 'auth.disabled' }, 'authentication is OFF (CHARTER_AUTH=off): local development only');
    }
    const lineage = await createServiceApp({
      module: lineageModule(runtime),
      runtime,
      logger,
      // Room for the largest event the validator takes, plus JSON whitespace.
      http: { bodyLimit: config.maxEventBytes * 2 },
      metrics: runtime.metrics,
      accessLog: config.log.access,
      readiness: lineageReadiness(runtime.database, {
        consumer,
        authenticator: config.auth.enabled ? runtime.authenticator : undefined,
      }),
      exceptionFilter: new LineageExceptionFilter(logger),
      configure: (fastify) =>
        configureAuth(fastify, { enabled: config.auth.enabled, authenticator: runtime.authenticator }),
      stopFirst: consumer ? [['kafka consumer', () => consumer.stop()]] : [],
    });
    runtime.notifications?.start();
    await consumer?.start();
    return lineage;
  } catch (error) {
    await consumer?.stop();
    await runtime.close();
    throw error;
  }
}
