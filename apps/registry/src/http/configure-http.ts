import { randomUUID } from 'node:crypto';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  onResponseHookHandler,
} from 'fastify';
import type { Logger } from 'pino';
import { RegistryErrors } from '../errors/registry.errors';
import type { RegistryMetrics } from '../observability/registry-metrics';
import { checkJsonBodyText, checkJsonBodyValue, checkRequestParameters } from './check-request-text';
import { decodeBody } from './decode-body';
import { negotiateMediaType } from './negotiate-media-type';

/** Request bodies Confluent accepts as JSON; an empty body reads as no body (clients send the type on DELETE too). */
const JSON_BODY_TYPES = /^application\/((vnd\.schemaregistry(\.v1)?\+)?json|octet-stream)\s*(;|$)/i;
const YAML_BODY_TYPES = /^(application|text)\/(x-)?yaml\s*(;|$)/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Operational routes choose their own content type and take any Accept (Prometheus sends its own). */
const OPERATIONS_ROUTES = new Set(['/health', '/ready', '/metrics', '/openapi.json', '/docs', '/docs/assets/:file']);

export interface HttpOptions {
  metrics: RegistryMetrics;
  logger: Logger;
  accessLog: 'all' | 'writes' | 'off';
}

/** A request slower than this is logged even when only writes are. */
const SLOW_REQUEST_MS = 1_000;

/**
 * Fastify-level behaviour every route shares: Confluent's request content types, response content negotiation,
 * a request id in and out, a metrics observation per request and an access-log line (all requests, or only
 * writes, errors and slow requests: a line per cached read would cost a third of the read throughput).
 */
export function configureHttp(fastify: FastifyInstance, options: HttpOptions): { routes: string[] } {
  const parseJson = (request: FastifyRequest, bytes: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    const decoded = decodeBody(bytes, request.headers['content-type']);
    if ('problem' in decoded) {
      return done(
        decoded.problem === 'unknown-charset'
          ? RegistryErrors.unsupportedMediaType(request.headers['content-type'] ?? '')
          : RegistryErrors.malformedBody("Malformed JSON body: the bytes are not text in the body's encoding"),
      );
    }
    const body = decoded.text;
    // Kept as received: signed callbacks verify their signature over it.
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    const tooDeep = checkJsonBodyText(body);
    if (tooDeep) return done(tooDeep);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      return done(RegistryErrors.malformedBody(`Malformed JSON body: ${(error as Error).message}`));
    }
    done(checkJsonBodyValue(body, value) ?? null, value);
  };
  // Fastify's own parsers (application/json, text/plain) would answer in their own shapes: ours take every type.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_BODY_TYPES, { parseAs: 'buffer' }, parseJson);
  // Contracts may be sent as the YAML file itself; the contracts service parses it (with line numbers in errors).
  fastify.addContentTypeParser(YAML_BODY_TYPES, { parseAs: 'string' }, (request, body, done) => {
    if (!request.url.startsWith('/contracts/')) {
      return done(RegistryErrors.unsupportedMediaType(request.headers['content-type'] ?? ''));
    }
    done(null, body);
  });
  // No Content-Type at all: Confluent reads the body as JSON; any other type is refused with 415.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined || contentType.trim() === '') return parseJson(request, body as Buffer, done);
    done(RegistryErrors.unsupportedMediaType(contentType));
  });

  // After authorization (a refused write is a 403 and audited however it is spelled), before any service runs.
  fastify.addHook('preValidation', (request, _reply, done) => {
    // An unmatched path is a 404 however it is spelled.
    done(request.is404 ? undefined : checkRequestParameters(request.params, request.query));
  });
  // Every request: a request id in and out. Callback-style hooks: no promise per request on the hottest path.
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
  const accepted = new Map<string, string | undefined>();
  const negotiateHook: onRequestHookHandler = (request, reply, done) => {
    const accept = request.headers.accept ?? '';
    let type = accepted.get(accept);
    if (type === undefined && !accepted.has(accept)) {
      type = negotiateMediaType(accept);
      if (accepted.size < 256) accepted.set(accept, type);
    }
    if (type === undefined) return done(RegistryErrors.notAcceptable());
    // Confluent sends the bare media type; fastify would add `; charset=utf-8` unless the reply serializes itself.
    reply.header('content-type', type).serializer(serializeJson);
    done();
  };
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
    if (!OPERATIONS_ROUTES.has(url)) route.onRequest = [negotiateHook, ...[route.onRequest ?? []].flat()];
  });
  return { routes };
}

/** One metrics observation and, as the access-log policy says, one log line. */
function observe(options: HttpOptions, request: FastifyRequest, reply: FastifyReply, route: string): void {
  const ms = reply.elapsedTime;
  options.metrics.observeRequest(request.method, route, reply.statusCode, ms / 1_000);
  if (shouldLog(options.accessLog, request.method, reply.statusCode, ms)) {
    options.logger.info(
      {
        event: 'http.request',
        requestId: request.id,
        keyId: request.principal?.keyId,
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(ms * 100) / 100,
      },
      'request',
    );
  }
}

function shouldLog(policy: HttpOptions['accessLog'], method: string, status: number, ms: number): boolean {
  if (policy === 'all') return true;
  if (policy === 'off') return false;
  return (method !== 'GET' && method !== 'HEAD') || status >= 400 || ms >= SLOW_REQUEST_MS;
}

/** Bodies already text (the cached schema-by-id answer, raw schemas) go out as they are; the rest as JSON. */
export function serializeJson(payload: unknown): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}
