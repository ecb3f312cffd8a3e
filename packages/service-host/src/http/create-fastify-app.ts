import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { nestLogger } from '../logging/nest-logger';

export interface FastifyAppOptions {
  logger: Logger;
  bodyLimit: number;
  /** Proxies whose X-Forwarded-For names the client (request.ip); none when empty. */
  trustProxy?: string[];
  /** Fastify's router options (e.g. a longer maxParamLength). */
  routerOptions?: FastifyServerOptions['routerOptions'];
  /** False when the app installs its own content-type parsers. */
  bodyParser?: boolean;
}

/** A Nest application on Fastify, configured as every Charter app wants it; not yet initialised. */
export async function createFastifyApp(module: DynamicModule, options: FastifyAppOptions) {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    // While closing, new requests get a 503 (a load balancer retries elsewhere) rather than a reset.
    return503OnClosing: true,
    // No Nest middleware is used: skip @fastify/middie, which would run on every request.
    skipMiddie: true,
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
    ...(options.routerOptions ? { routerOptions: options.routerOptions } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: options.bodyParser ?? true,
    logger: nestLogger(options.logger),
    // Throw instead of exiting the process: the caller decides (runService exits with the message, tests fail).
    abortOnError: false,
  });
  return { app, fastify: app.getHttpAdapter().getInstance() };
}
