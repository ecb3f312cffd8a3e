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
import { bootstrapAuth } from './auth/bootstrap-auth';
import { configureAuth } from './auth/configure-auth';
import type { RegistryConfig } from './config/registry-config';
import { configureHttp } from './http/configure-http';
import { registerHotReadRoutes } from './http/hot-read-routes';
import { RegistryExceptionFilter } from './http/registry-exception.filter';
import { registryReadiness } from './operations/registry-readiness';
import { registryModule } from './registry.module';
import { createRegistryRuntime, type RegistryRuntime } from './registry-runtime';

export interface RegistryApp {
  app: NestFastifyApplication;
  runtime: RegistryRuntime;
  readiness: Readiness;
  /** Every route served, as `METHOD /path/{param}`. */
  routes: readonly string[];
  /** The order `close` stops things in (named, so a shutdown deadline can say what it abandoned). */
  shutdown: ShutdownPlan;
  /** Stops taking requests, lets those in flight finish, then closes the database and cache. */
  close(): Promise<void>;
}

/** Builds the registry (database migrated, cache connected, routes registered) without listening. */
export async function createRegistryApp(config: RegistryConfig, logger: Logger): Promise<RegistryApp> {
  const runtime = await createRegistryRuntime(config, logger);
  try {
    const readiness = registryReadiness(runtime.repository, runtime.cache, runtime.fingerprints.unparseable);
    const { app, fastify } = await createFastifyApp(registryModule(runtime), {
      logger,
      bodyLimit: config.limits.maxBodyBytes,
      // Subjects are path parameters; fastify's default (100 characters) would refuse long ones with a bare 414.
      routerOptions: { maxParamLength: 8_192 },
      // X-Forwarded-For names the client only behind these proxies (request.ip: throttling and audit use it).
      trustProxy: config.auth.trustProxy,
      // The registry parses bodies itself (Confluent's content types, charsets, depth limits).
      bodyParser: false,
    });
    const http = installHttpObservability(fastify, {
      metrics: runtime.metrics,
      logger,
      accessLog: config.log.access,
    });
    configureHttp(fastify);
    configureAuth(fastify, {
      enabled: config.auth.enabled,
      keys: runtime.keys,
      failures: runtime.authFailures,
      ownership: runtime.ownership,
      audit: runtime.audit,
    });
    registerOperationsRoutes(fastify, { readiness, metrics: runtime.metrics });
    registerHotReadRoutes(fastify, runtime);
    app.useGlobalFilters(new RegistryExceptionFilter(logger, config.limits.maxBodyBytes));
    await app.init();
    await bootstrapAuth(config.auth, runtime.keys, logger);
    runtime.dispatcher.start();
    runtime.authFailures.start();
    runtime.notifications?.start();
    const shutdown = new ShutdownPlan()
      .add('readiness', () => readiness.markStopping())
      .add('http', () => closeHttpServer(app.getHttpServer(), () => app.close()))
      .add('runtime', () => runtime.close());
    return {
      app,
      runtime,
      readiness,
      routes: http.routes,
      shutdown,
      close: () => shutdown.run(),
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
