import { EnforcementError, registryFailureResponse, violationResponse } from '@charter/enforcement';
import { RecordsRefusedError } from '@charter/enforcement/kafka';
import { isDomainError } from '@charter/errors';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PIPELINE_ERRORS, type PipelineErrorCode, pipelineWireError } from '../pipeline.errors';

/** Fastify's own refusals of a body (before any route runs; Nest hands them over as HttpExceptions), by status. */
const FASTIFY_REFUSALS: Record<number, PipelineErrorCode> = {
  400: 'invalid-body',
  413: 'body-too-large',
  415: 'unsupported-media-type',
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Every error as a status and a JSON body: the pipeline's codes from `PIPELINE_ERRORS`; records refused for their
 * contract, and registry trouble, in the enforcement middleware's shapes (so a client reads one 422 and one 503
 * whichever layer refused); Fastify's refusals of a body (not JSON, too large, another content type) as the
 * pipeline's codes. Anything else is a 500, logged with its stack and request id; the client sees no internals.
 */
@Catch()
export class PipelineExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const answer = this.answer(exception);
    if (answer.status >= 500 && answer.status !== 503) {
      this.logger.error({ event: 'http.error', requestId: request.id, err: exception }, 'unexpected error');
    } else if (answer.status === 503) {
      this.logger.warn(
        {
          event: 'http.unavailable',
          requestId: request.id,
          code: answer.body.code,
          error: (exception as Error).message,
        },
        'a dependency could not take the request',
      );
    }
    if (reply.sent) return;
    void reply
      .status(answer.status)
      .headers(answer.headers ?? {})
      .send(answer.body);
  }

  private answer(exception: unknown): Answer {
    if (exception instanceof RecordsRefusedError) {
      const refusal = violationResponse(exception.refused[0]?.violations ?? [], `${exception.topic}-value`);
      return { status: refusal.status, body: { ...refusal.body }, headers: refusal.headers };
    }
    if (exception instanceof EnforcementError) {
      const subject = exception.details.subject ?? 'its subject';
      const refusal = registryFailureResponse(exception, subject) ?? violationResponse(exception.violations, subject);
      return { status: refusal.status, body: { ...refusal.body }, headers: refusal.headers };
    }
    if (isDomainError(exception) && exception.code in PIPELINE_ERRORS) {
      return pipelineWireError(exception.code as PipelineErrorCode, exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const refusal = FASTIFY_REFUSALS[status];
      if (refusal) return pipelineWireError(refusal, exception.message);
      return {
        status,
        body: {
          error_code: status * 100,
          code: status === 404 ? 'not-found' : 'http-error',
          message: exception.message,
        },
      };
    }
    return { status: 500, body: { error_code: 50001, code: 'internal', message: 'Internal Server Error' } };
  }
}
