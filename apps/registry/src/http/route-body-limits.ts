import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CheckRunErrors } from '../errors/check-run.errors';

/** A route's own body limit (below the registry's global one) and the error it answers when a body is over it. */
export interface RouteBodyLimit {
  bytes: number;
  tooLarge: () => Error;
}

/** A drift event is a few hundred bytes; this leaves room for long names and nothing more. */
export const DRIFT_EVENT_BYTES = 64 * 1024;

/** The routes whose bodies are bounded apart from the rest, by `METHOD /path`. */
export function reportBodyLimits(checkRunBytes: number): Record<string, RouteBodyLimit> {
  return {
    'POST /checks': { bytes: checkRunBytes, tooLarge: () => CheckRunErrors.tooLarge(checkRunBytes) },
    'POST /drift-events': { bytes: DRIFT_EVENT_BYTES, tooLarge: () => CheckRunErrors.driftTooLarge(DRIFT_EVENT_BYTES) },
  };
}

/** Sets each route's limit as it is registered: fastify refuses a larger body before reading it all (by length). */
export function applyRouteBodyLimits(fastify: FastifyInstance, limits: Record<string, RouteBodyLimit>): void {
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const limit = limits[`${method} ${route.url}`];
      if (limit) route.bodyLimit = limit.bytes;
    }
  });
}

/** The route's own error for fastify's "body too large", when the route has its own limit. */
export function routeBodyLimitError(
  request: FastifyRequest,
  limits: Record<string, RouteBodyLimit>,
): Error | undefined {
  return limits[`${request.method} ${request.routeOptions?.url}`]?.tooLarge();
}
