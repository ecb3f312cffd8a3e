import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { RegistryErrors } from '../errors/registry.errors';
import { checkJsonBodyText, checkJsonBodyValue, checkRequestParameters } from './check-request-text';
import { decodeBody } from './decode-body';
import { negotiateMediaType } from './negotiate-media-type';

/** Request bodies Confluent accepts as JSON; an empty body reads as no body (clients send the type on DELETE too). */
const JSON_BODY_TYPES = /^application\/((vnd\.schemaregistry(\.v1)?\+)?json|octet-stream)\s*(;|$)/i;
const YAML_BODY_TYPES = /^(application|text)\/(x-)?yaml\s*(;|$)/i;
/** Operational routes choose their own content type and take any Accept (Prometheus sends its own). */
const OPERATIONS_ROUTES = new Set(['/health', '/ready', '/metrics', '/openapi.json', '/docs', '/docs/assets/:file']);

/**
 * Fastify-level behaviour every registry route shares: Confluent's request content types, text checks on parameters
 * and bodies, and response content negotiation. (Request ids, metrics and the access log are the service shell's.)
 */
export function configureHttp(fastify: FastifyInstance): void {
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
  // A route-level hook, attached once per route: fastify's `request.routeOptions` builds an object on every access,
  // which alone cost a tenth of the cached-read throughput.
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
    if (!OPERATIONS_ROUTES.has(route.url)) route.onRequest = [negotiateHook, ...[route.onRequest ?? []].flat()];
  });
}

/** Bodies already text (the cached schema-by-id answer, raw schemas) go out as they are; the rest as JSON. */
export function serializeJson(payload: unknown): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}
