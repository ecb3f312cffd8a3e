import { RateLimitedError } from '@charter/errors';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { RegistryErrors } from '../errors/registry.errors';
import { serializeJson } from './configure-http';
import { SCHEMA_REGISTRY_V1 } from './negotiate-media-type';
import { type RouteBodyLimit, routeBodyLimitError } from './route-body-limits';
import { toWireError } from './to-wire-error';

/** The one place errors become HTTP responses, in Confluent's shape; unexpected ones are logged with their stack. */
@Catch()
export class RegistryExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly bodyLimit: number,
    private readonly routeBodyLimits: Record<string, RouteBodyLimit> = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error =
      exception instanceof NotFoundException && !reply.sent
        ? RegistryErrors.routeNotFound(request.method, request.url.split('?')[0] ?? '')
        : isBodyTooLarge(exception)
          ? (routeBodyLimitError(request, this.routeBodyLimits) ?? exception)
          : exception;
    const wire = toWireError(error, this.bodyLimit);
    if (wire.isUnexpected) {
      this.logger.error(
        {
          event: 'http.error',
          requestId: request.id,
          method: request.method,
          route: request.routeOptions?.url,
          err: exception,
        },
        'unexpected error',
      );
    } else if (wire.retriable && !(error instanceof RateLimitedError)) {
      this.logger.warn(
        { event: 'http.unavailable', requestId: request.id, error: (exception as Error).message },
        'dependency unavailable',
      );
    }
    if (reply.sent) return;
    if (wire.retriable) {
      reply.header('retry-after', error instanceof RateLimitedError ? String(error.retryAfterSeconds) : '1');
    }
    if (wire.status === 401) reply.header('www-authenticate', 'Basic realm="Charter", charset="UTF-8"');
    if (!reply.hasHeader('content-type')) reply.header('content-type', SCHEMA_REGISTRY_V1);
    void reply.status(wire.status).serializer(serializeJson).send(wire.body);
  }
}

/** Fastify's "body too large", as fastify throws it or as Nest hands it on (an HttpException with status 413). */
function isBodyTooLarge(error: unknown): boolean {
  if (error instanceof HttpException) return error.getStatus() === 413;
  return (error as { code?: unknown } | null)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
}
