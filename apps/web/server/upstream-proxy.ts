import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** The console proxy's own error code: the service behind a path did not answer. */
export const UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE';

export interface UpstreamOptions {
  /** `registry`, `lineage`: named in errors and logs. */
  name: string;
  /** The path the browser uses, e.g. `/api/registry`. */
  prefix: string;
  /** The service's base URL. */
  url: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * `<prefix>/*` → the service, same-origin for the browser: method, path, query, headers (the key included) and body
 * are passed through and the answer streamed back with its status and headers. A service that cannot be reached
 * answers 502 (504 on a timeout) with `{ error: UPSTREAM_UNAVAILABLE, service, message }`.
 */
export async function registerUpstream(fastify: FastifyInstance, options: UpstreamOptions): Promise<void> {
  await fastify.register(httpProxy, {
    upstream: options.url,
    prefix: options.prefix,
    rewritePrefix: '',
    // node:http rather than undici: closing the console must close its upstream sockets at once (undici's agent,
    // destroyed with a request queued, reconnected and held the registry's shutdown open).
    http: { agentOptions: { keepAlive: true, keepAliveMsecs: 1_000 }, requestOptions: { timeout: options.timeoutMs } },
    replyOptions: {
      onError: (reply, { error }) => {
        const failure = error as Error & { statusCode?: number; code?: string };
        const timedOut = failure.statusCode === 504;
        options.logger.warn(
          { event: 'web.upstream.failed', service: options.name, code: failure.code, timedOut },
          `${options.name} did not answer`,
        );
        reply
          .code(timedOut ? 504 : 502)
          .header('content-type', 'application/json')
          .header('cache-control', 'no-store')
          .send({
            error: UPSTREAM_UNAVAILABLE,
            service: options.name,
            message: timedOut ? `${options.name} did not answer in time` : `${options.name} is unavailable`,
          });
      },
    },
  });
}
