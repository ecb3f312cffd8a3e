import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  closeHttpServer,
  installHttpObservability,
  Readiness,
  registerOperationsRoutes,
  ServiceMetrics,
  ShutdownPlan,
} from '@charter/service-host';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebConfig } from './config/web-config';
import { HELMET_OPTIONS } from './security-headers';
import { registerUpstream } from './upstream-proxy';

export interface WebServer {
  fastify: FastifyInstance;
  readiness: Readiness;
  shutdown: ShutdownPlan;
  close(): Promise<void>;
}

/** Paths the SPA never owns: a miss there is a 404, not index.html. */
/** Paths the SPA never answers: the proxied APIs, the built assets, and files at the root (`/favicon.ico`). */
const NOT_SPA = /^\/(api|assets)\/|^\/[^/]+\.[^/]+$/;

/**
 * The console server, not yet listening: the built SPA (hashed assets cached for a year, index.html never), the
 * registry and lineage APIs proxied under /api, security headers on every answer, and the probes every Charter
 * service has. Deep links (`/subjects/orders-value`) get index.html: the SPA routes them.
 */
export async function createWebServer(config: WebConfig, logger: Logger): Promise<WebServer> {
  const indexFile = path.join(config.appDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`the console is not built: ${indexFile} is missing (run \`pnpm --filter @charter/web build\`)`);
  }
  const fastify = Fastify({ logger: false, return503OnClosing: true, bodyLimit: 16 * 1024 * 1024 });
  const metrics = new ServiceMetrics('charter_web');
  const readiness = new Readiness([
    { name: 'registry', critical: false, check: () => probe(`${config.registryUrl}/health`) },
    { name: 'lineage', critical: false, check: () => probe(`${config.lineageUrl}/health`) },
  ]);
  installHttpObservability(fastify, { metrics, logger, accessLog: config.log.access });
  await fastify.register(helmet, HELMET_OPTIONS);
  // The proxied APIs answer with their own bodies: JSON, never a page; they are not cached by the browser.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  await registerUpstream(fastify, {
    name: 'registry',
    prefix: '/api/registry',
    url: config.registryUrl,
    timeoutMs: config.upstreamTimeoutMs,
    logger,
  });
  await registerUpstream(fastify, {
    name: 'lineage',
    prefix: '/api/lineage',
    url: config.lineageUrl,
    timeoutMs: config.upstreamTimeoutMs,
    logger,
  });
  registerOperationsRoutes(fastify, { readiness, metrics });
  await fastify.register(fastifyStatic, {
    root: config.appDir,
    index: false,
    wildcard: false,
    setHeaders: (reply, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.code(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${pathname}` });
    }
    if (NOT_SPA.test(pathname)) {
      return reply.code(404).send({ error: 'NOT_FOUND', message: `no file ${pathname}` });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  await fastify.ready();
  const shutdown = new ShutdownPlan()
    .add('readiness', () => readiness.markStopping())
    .add('http', () => closeHttpServer(fastify.server, () => fastify.close()));
  return { fastify, readiness, shutdown, close: () => shutdown.run() };
}

async function probe(url: string): Promise<'up' | 'down'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_500) });
    await response.arrayBuffer();
    return response.ok ? 'up' : 'down';
  } catch {
    return 'down';
  }
}
