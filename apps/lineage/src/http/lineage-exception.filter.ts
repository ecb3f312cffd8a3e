import { type DomainErrorKind, isDomainError, RateLimitedError } from '@charter/errors';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

const STATUS: Record<DomainErrorKind, number> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  incompatible: 409,
  unauthenticated: 401,
  forbidden: 403,
  unavailable: 503,
  'rate-limited': 429,
};

/** Errors in Marquez's shape `{ code, message }` (plus `violations` for a refused event); unknown ones are 500s. */
@Catch()
export class LineageExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let status = 500;
    let body: Record<string, unknown> = { code: 500, message: 'Internal Server Error' };
    if (isDomainError(exception)) {
      status = STATUS[exception.kind];
      body = { code: status, message: exception.message, error: exception.code, ...exception.details };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = { code: status, message: exception.message };
    } else if (typeof (exception as { statusCode?: unknown })?.statusCode === 'number') {
      // Fastify's own: a malformed or oversized body, an unsupported content type.
      status = (exception as { statusCode: number }).statusCode;
      body = { code: status, message: (exception as Error).message };
    }
    if (status >= 500 && status !== 503) {
      this.logger.error({ event: 'http.error', requestId: request.id, err: exception }, 'unexpected error');
    }
    if (reply.sent) return;
    if (status === 401) reply.header('www-authenticate', 'Basic realm="Charter", charset="UTF-8"');
    if (status === 503) reply.header('retry-after', '1');
    if (exception instanceof RateLimitedError) reply.header('retry-after', String(exception.retryAfterSeconds));
    void reply.status(status).send(body);
  }
}
