import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { bootstrapAuth } from './auth/bootstrap-auth';
import { configureAuth } from './auth/configure-auth';
import type { RegistryConfig } from './config/registry-config';
import { configureHttp } from './http/configure-http';
import { registerHotReadRoutes } from './http/hot-read-routes';
import { RegistryExceptionFilter } from './http/registry-exception.filter';
import { ReadinessService } from './operations/readiness.service';
import { registryModule } from './registry.module';
import { createRegistryRuntime, type RegistryRuntime } from './registry-runtime';

export interface RegistryApp {
  app: NestFastifyApplication;
  runtime: RegistryRuntime;
  readiness: ReadinessService;
  /** Every route served, as `METHOD /path/{param}`. */
  routes: readonly string[];
  /** Stops taking requests, lets those in flight finish, then closes the database and cache. */
  close(): Promise<void>;
}

/** Builds the registry (database migrated, cache connected, routes registered) without listening. */
export async function createRegistryApp(config: RegistryConfig, logger: Logger): Promise<RegistryApp> {
  const runtime = await createRegistryRuntime(config, logger);
  try {
    const readiness = new ReadinessService(runtime.repository, runtime.cache, runtime.fingerprints.unparseable);
    const adapter = new FastifyAdapter({
      bodyLimit: config.limits.maxBodyBytes,
      return503OnClosing: true,
      // Subjects are path parameters; fastify's default (100 characters) would refuse long ones with a bare 414.
      routerOptions: { maxParamLength: 8_192 },
      // No Nest middleware is used: skip @fastify/middie, which would run on every request.
      skipMiddie: true,
      // X-Forwarded-For names the client only behind these proxies (request.ip: throttling and audit use it).
      trustProxy: config.auth.trustProxy.length > 0 ? config.auth.trustProxy : false,
    });
    const app = await NestFactory.create<NestFastifyApplication>(registryModule(runtime, readiness), adapter, {
      bodyParser: false,
      logger: nestLogger(logger),
      // Throw instead of exiting the process: the caller decides (main exits with the message, tests fail).
      abortOnError: false,
    });
    const fastify = app.getHttpAdapter().getInstance();
    const http = configureHttp(fastify, {
      metrics: runtime.metrics,
      logger,
      accessLog: config.log.access,
    });
    configureAuth(fastify, {
      enabled: config.auth.enabled,
      keys: runtime.keys,
      failures: runtime.authFailures,
      ownership: runtime.ownership,
      audit: runtime.audit,
    });
    registerHotReadRoutes(fastify, runtime);
    app.useGlobalFilters(new RegistryExceptionFilter(logger, config.limits.maxBodyBytes));
    await app.init();
    await bootstrapAuth(config.auth, runtime.keys, logger);
    runtime.dispatcher.start();
    runtime.authFailures.start();
    runtime.notifications?.start();
    let closing: Promise<void> | undefined;
    return {
      app,
      runtime,
      readiness,
      routes: http.routes,
      close: () => {
        closing ??= (async () => {
          readiness.markStopping();
          // Fastify closes keep-alive connections that are idle when close starts; those still answering then go
          // idle later and would hold the server open until their keep-alive timeout. Close them as they go idle.
          const server = app.getHttpServer();
          const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
          try {
            await app.close();
          } finally {
            clearInterval(closeIdle);
          }
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

/** Nest's own messages (bootstrap, routes) through the same JSON logger, at debug so they stay quiet. */
function nestLogger(logger: Logger): LoggerService {
  return {
    log: (message: unknown, context?: unknown) => logger.debug({ context }, String(message)),
    error: (message: unknown, trace?: unknown, context?: unknown) => logger.error({ context, trace }, String(message)),
    warn: (message: unknown, context?: unknown) => logger.warn({ context }, String(message)),
    debug: (message: unknown, context?: unknown) => logger.debug({ context }, String(message)),
    verbose: (message: unknown, context?: unknown) => logger.trace({ context }, String(message)),
  };
}
