import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { configureAuth } from './auth/configure-auth';
import type { LineageConfig } from './config/lineage-config';
import { LineageExceptionFilter } from './http/lineage-exception.filter';
import { KafkaEventConsumer } from './ingest/kafka-event-consumer';
import { lineageModule } from './lineage.module';
import { createLineageRuntime, type LineageRuntime } from './lineage-runtime';

export interface LineageApp {
  app: NestFastifyApplication;
  runtime: LineageRuntime;
  /** Every route served, as `METHOD /path` (Fastify's pattern). */
  routes: readonly string[];
  close(): Promise<void>;
}

/** Builds the lineage service (database migrated, graph rebuilt, routes registered) without listening. */
export async function createLineageApp(config: LineageConfig, logger: Logger): Promise<LineageApp> {
  const runtime = await createLineageRuntime(config, logger);
  try {
    // Room for the largest event the validator takes, plus JSON whitespace.
    const adapter = new FastifyAdapter({
      bodyLimit: config.maxEventBytes * 2,
      return503OnClosing: true,
      skipMiddie: true,
    });
    const app = await NestFactory.create<NestFastifyApplication>(lineageModule(runtime), adapter, {
      logger: nestLogger(logger),
      abortOnError: false,
    });
    const { routes } = configureAuth(app.getHttpAdapter().getInstance(), {
      enabled: config.auth.enabled,
      authenticator: runtime.authenticator,
    });
    if (!config.auth.enabled) {
      logger.warn({ event: 'auth.disabled' }, 'authentication is OFF (CHARTER_AUTH=off): local development only');
    }
    app.useGlobalFilters(new LineageExceptionFilter(logger));
    await app.init();
    const consumer = config.kafka && new KafkaEventConsumer(config.kafka, runtime.lineage, logger);
    await consumer?.start();
    let closing: Promise<void> | undefined;
    return {
      app,
      runtime,
      routes,
      close: () => {
        closing ??= (async () => {
          await consumer?.stop();
          await app.close();
          await runtime.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

function nestLogger(logger: Logger): LoggerService {
  return {
    log: (message: unknown, context?: unknown) => logger.debug({ context }, String(message)),
    error: (message: unknown, trace?: unknown, context?: unknown) => logger.error({ context, trace }, String(message)),
    warn: (message: unknown, context?: unknown) => logger.warn({ context }, String(message)),
    debug: (message: unknown, context?: unknown) => logger.debug({ context }, String(message)),
    verbose: (message: unknown, context?: unknown) => logger.trace({ context }, String(message)),
  };
}
