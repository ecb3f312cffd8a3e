import { createServiceApp, type ServiceApp } from '@charter/service-host';
import type { Logger } from 'pino';
import { bootstrapAuth } from './auth/bootstrap-auth';
import { configureAuth } from './auth/configure-auth';
import type { RegistryConfig } from './config/registry-config';
import { configureHttp } from './http/configure-http';
import { registerHotReadRoutes } from './http/hot-read-routes';
import { configurePromotionHeader } from './http/promotion-header';
import { RegistryExceptionFilter } from './http/registry-exception.filter';
import { applyRouteBodyLimits, reportBodyLimits } from './http/route-body-limits';
import { registryReadiness } from './operations/registry-readiness';
import { registryModule } from './registry.module';
import { createRegistryRuntime, type RegistryRuntime } from './registry-runtime';

export type RegistryApp = ServiceApp<RegistryRuntime>;

/** Builds the registry (database migrated, cache connected, routes registered, admin key made) without listening. */
export async function createRegistryApp(config: RegistryConfig, logger: Logger): Promise<RegistryApp> {
  const runtime = await createRegistryRuntime(config, logger);
  const routeBodyLimits = reportBodyLimits(config.limits.maxCheckRunBytes);
  try {
    const registry = await createServiceApp({
      module: registryModule(runtime),
      runtime,
      logger,
      http: {
        bodyLimit: config.limits.maxBodyBytes,
        // Subjects are path parameters; fastify's default (100 characters) would refuse long ones with a bare 414.
        routerOptions: { maxParamLength: 8_192 },
        // X-Forwarded-For names the client only behind these proxies (request.ip: throttling and audit use it).
        trustProxy: config.auth.trustProxy,
        // The registry parses bodies itself (Confluent's content types, charsets, depth limits).
        bodyParser: false,
      },
      metrics: runtime.metrics,
      accessLog: config.log.access,
      readiness: registryReadiness(runtime.repository, runtime.cache, runtime.fingerprints.unparseable),
      exceptionFilter: new RegistryExceptionFilter(logger, config.limits.maxBodyBytes, routeBodyLimits),
      configure: (fastify) => {
        configureHttp(fastify);
        configurePromotionHeader(fastify);
        applyRouteBodyLimits(fastify, routeBodyLimits);
        configureAuth(fastify, {
          enabled: config.auth.enabled,
          keys: runtime.keys,
          failures: runtime.authFailures,
          ownership: runtime.ownership,
          audit: runtime.audit,
        });
        registerHotReadRoutes(fastify, runtime);
      },
    });
    await bootstrapAuth(config.auth, runtime.keys, logger);
    runtime.dispatcher.start();
    runtime.authFailures.start();
    runtime.notifications?.start();
    return registry;
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
