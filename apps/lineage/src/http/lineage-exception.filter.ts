import { isDomainError, RateLimitedError } from '@charter/errors';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LINEAGE_ERRORS, type LineageErrorCode } from '../lineage/lineage.errors';

/**
 * Errors in Marquez's shape `{ code, message }` (plus `error`, the lineage code, and its details: `violations` for
 * a refused event), with the status of `LINEAGE_ERRORS`; unknown ones (a code missing from it included) are 500s.
 */
@Catch()
export class LineageExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let status = 500;
    let body: Record<string, unknown> = { code: 500, message: 'Internal Server Error' };
    const wire = isDomainError(exception) ? LINEAGE_ERRORS[exception.code as LineageErrorCode] : undefined;
    if (isDomainError(exception) && wire) {
      status = wire.status;
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
