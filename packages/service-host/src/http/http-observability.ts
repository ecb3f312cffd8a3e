import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../operations/service-metrics';

/** An incoming X-Request-Id is kept only when it is this well-formed (it goes into logs and audit rows). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A request slower than this is logged even when only writes are. */
const SLOW_REQUEST_MS = 1_000;

export interface HttpObservabilityOptions {
  metrics: ServiceMetrics;
  logger: Logger;
  accessLog: 'all' | 'writes' | 'off';
}

/**
 * What every app's HTTP server shares: a request id in and out (`X-Request-Id`, echoed when well-formed, else a new
 * UUID), one metrics observation per request by route template, and an access-log line (all requests, or only
 * writes, errors and slow requests: a line per cached read would cost a third of the read throughput). Install it
 * before any other hook or route. The log names the key of `request.principal`, where an app's auth sets one. Returns every route served, as `METHOD /path/{param}`.
 */
export function installHttpObservability(
  fastify: FastifyInstance,
  options: HttpObservabilityOptions,
): { routes: string[] } {
  // Callback-style hooks: no promise per request on the hottest path.
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (request as { id: string }).id = id;
    reply.header('x-request-id', id);
    done();
  });
  // Requests no route matched are observed here; matched ones by their route's own hook (below).
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.is404) observe(options, request, reply, 'unmatched');
    done();
  });
  // Route-level hooks, built once per route with its template in hand: fastify's `request.routeOptions` builds an
  // object on every access, which alone cost a tenth of the cached-read throughput.
  const routes: string[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    }
    const url = route.url;
    const observeHook: onResponseHookHandler = (request, reply, done) => {
      observe(options, request, reply, url);
      done();
    };
    route.onResponse = [...[route.onResponse ?? []].flat(), observeHook];
  });
  return { routes };
}

/** One metrics observation and, as the access-log policy says, one log line. */
function observe(options: HttpObservabilityOptions, request: FastifyRequest, reply: FastifyReply, route: string) {
  const ms = reply.elapsedTime;
  options.metrics.observeRequest(request.method, route, reply.statusCode, ms / 1_000);
  if (shouldLog(options.accessLog, request.method, reply.statusCode, ms)) {
    options.logger.info(
      {
        event: 'http.request',
        requestId: request.id,
        keyId: (request as { principal?: { keyId?: string } }).principal?.keyId,
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(ms * 100) / 100,
      },
      'request',
    );
  }
}

function shouldLog(policy: HttpObservabilityOptions['accessLog'], method: string, status: number, ms: number) {
  if (policy === 'all') return true;
  if (policy === 'off') return false;
  return (method !== 'GET' && method !== 'HEAD') || status >= 400 || ms >= SLOW_REQUEST_MS;
}
